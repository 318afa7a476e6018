// The API's refusals as the console shows them. Every refusal carries a stable code
// (INVALID_ARGUMENT, NOT_FOUND, …) and the field it concerns; the server's message is English.
// In Chinese the console says what went wrong from the code and the field's name (and, for the
// messages it knows, their own Chinese text), never the code or the English message; in English
// it shows the server's message. Rows of an import report go through the same function.
import { i18n } from './i18n';

export interface Refusal {
  code: string;
  message: string;
  field?: string;
}

// Field names of the API's bodies and queries, in Chinese. A field this table does not know is
// called 「某项内容」 rather than shown in Latin.
const FIELDS: Record<string, string> = {
  // 统计报表 (stats/report_forms.h): the form, its figures and the file's header row.
  form: '报表', values: '报表数据', year: '年度', edition: '版次', output_value: '工业总产值', scrap_loss: '报废损失费',
  rework_cost: '返修费', downgrade_loss: '降级损失', stoppage_loss: '停工损失', incident_cost: '质量事故分析处理费',
  claims: '索赔费用', returns_loss: '退货损失', warranty_cost: '保修费', litigation_cost: '诉讼费',
  price_reduction_loss: '产品降价损失',
  uscc: '统一社会信用代码', usccs: '统一社会信用代码', name: '名称', region: '区划', region_code: '所在区划',
  industry: '行业', industry_code: '行业代码', status: '状态', type: '类型', size: '企业规模', address: '地址',
  legal_representative: '法定代表人', registered_capital: '注册资本', established_on: '成立日期',
  product_code: '产品编码', product_category: '产品类别', category: '类别', category_code: '产品类别', brand: '品牌',
  username: '用户名', password: '密码', current_password: '当前密码', new_password: '新密码', role: '角色',
  code: '编号', id: '编号', plan: '抽查计划', plan_id: '抽查计划', plan_code: '计划编号', period: '期间',
  period_start: '开始日期', period_end: '结束日期', from: '起始月份', to: '截止月份', compare_from: '对比起始月份',
  compare_to: '对比截止月份', target: '目标值', quotas: '抽取数量', seed: '随机种子', draw_id: '抽取记录',
  task_id: '检查任务', batch_id: '抽样批次', follow_up_id: '后处理', inspector: '执法人员', inspector_id: '执法证号',
  inspectors_per_task: '每组执法人员数', qualifications: '资格', parameters: '参数', locality: '属地范围',
  sampled_on: '抽样日期', tested_on: '检验日期', received_on: '收到日期', quantity: '数量', lot_size: '批量',
  institution: '检验机构', items: '检验项目', verdict: '结论', reason: '理由', decision: '决定', extended_days: '延期天数',
  event_id: '信用事件', event_type: '事件类型', event_types: '事件类型', occurred_on: '发生日期', source: '来源部门',
  source_id: '来源编号', evidence_ref: '证据材料', severity: '严重程度', grounds: '异议理由', statement: '说明',
  measures: '整改措施', facts: '事实', kind: '种类', fraudulent: '是否弄虚作假', listing_id: '名单记录',
  penalty_event_id: '处罚事件', decision_no: '决定文书号', judgement: '认定理由', approver: '审批机关',
  authority: '决定机关', penalty_text: '处罚内容', penalty_kind: '处罚种类', violation_type: '违法行为类型',
  case_domain: '案件领域', revocation_ref: '撤销文书', publication_id: '公示记录', removed_on: '移出日期',
  removal_reason: '移出理由', due_on: '截止日期', page: '页码', page_size: '每页条数', latest: '条数', by: '分组方式',
  permissions: '权限', scope: '数据范围', key: '密钥', body: '提交内容', file: '文件', rows: '数据行', format: '格式',
  date: '日期', days: '天数', limit: '数量上限', cursor: '游标', confidence: '置信水平', version: '版本',
  effective_from: '生效日期', header: '表头', table: '表格', unit: '单位', level: '级别',
  number: '编号', phone: '手机号码', id_number: '身份证号码', rating: '满意度评价', comment: '意见建议', kinds: '类型',
  respondent_name: '被投诉（举报）人名称', respondent_uscc: '被投诉（举报）人统一社会信用代码', domicile_region: '所在地区',
  business_region: '经营所在地区', request: '投诉请求', duplicate_of: '首次投诉编号', upheld: '查证属实', paused_on: '计时状态',
  ground: '依据', outcome: '结果', handling_region: '处理机关',
  party: '参与方', commitment: '承诺值', secret: '秘密', contributions: '种子参与方', beacon: '公开信标', beacon_source: '信标来源',
  run_not_before: '最早抽取时间', min_commit_interval_minutes: '承诺公示期', model: '模型文件',
};

// Messages the console knows in Chinese (the server's English text as the key).
const MESSAGES: Record<string, string> = {
  'the firm was not asked to file this form for this period': '本统计期未要求该企业填报此报表',
  'a revision (更正) gives its reason': '更正已报送的数据须说明原因',
  'no such firm in your jurisdiction': '该企业不在您的管辖范围内',
  'no such market entity': '没有该市场主体',
  'no such region in your jurisdiction': '该区划不在您的管辖范围内',
  'no such region': '没有该行政区划',
  'no such user': '没有该用户',
  // 质量状况分析报告 (stats/quality_report.h).
  'year is from 2000 to this year': '报告年度应在 2000 年至今年之间',
  'name the province, city or county to report on': '请选择报告的省、市或县',
  'no report of this region and year has been generated': '该地区该年度尚未生成报告',
  'generating a report needs a writer': '您没有生成报告的权限',
  'the edition is 1 or more': '版次应为 1 或以上',
  'no such plan': '没有该抽查计划',
  'no such plan in your jurisdiction': '您的管辖范围内没有该抽查计划',
  'no such draw': '没有该抽取记录',
  'no such credit event': '没有该信用事件',
  'no credit information in your scope': '您的范围内没有该企业的信用信息',
  'the last month comes before the first': '截止月份早于起始月份',
  'region is a six-digit GB/T 2260 code': '区划代码应为 6 位数字（GB/T 2260）',
  'region code must be six digits': '区划代码应为 6 位数字',
  'occurred_on lies in the future': '发生日期不能晚于今天',
  'received_on lies in the future': '收到日期不能晚于今天',
  'the follow-up is closed': '该后处理已结束',
  'the record lies outside your jurisdiction': '该记录不在您的管辖范围内',
  'this role may not change the registry': '您的角色不能修改登记信息',
  'this role may not run spot checks': '您的角色不能组织监督抽查',
  'a listing is decided by a regulator\'s bureau': '名单由监管部门决定',
  'unknown status': '未知的状态',
  'tested_on is before sampled_on': '检验日期早于抽样日期',
  'a rejection states its reason': '驳回须说明理由',
  'a user with this name exists': '已有同名用户',
  'an API key with this name exists': '已有同名的接口密钥',
  'no case with this number and phone': '未找到该编号和手机号码对应的案件，请核对后重试',
  'a case is rated once it is closed': '案件办结后才能评价',
  'this case was rated already': '该案件已经评价过了',
  'the clock is stopped already': '已在中止计时中',
  'the clock is not stopped': '当前未中止计时',
  'a commitment is 64 lower-case hex digits (SM3)': '承诺值应为 64 位小写十六进制数（SM3 摘要）',
  'a party is 1–64 bytes without control characters': '参与方名称应为 1–64 字节，且不含控制字符',
  'the party "bureau" is the platform\'s own': '“bureau”为本局保留，见证方请换一个名称',
  "the bureau's secret is the platform's": '本局的秘密由平台保管，无需录入',
  'the beacon is at most 200 bytes without control characters': '公开信标最多 200 字节，且不含控制字符',
  'this draw has already run': '该抽取已经执行',
  "the beacon's source is at most 200 bytes without control characters": '信标来源最多 200 字节，且不含控制字符',
  'no complaint classifier is in use: intake uses the keyword rules': '当前未安装分类模型，新案件按关键词规则分类',
  'the model file is empty': '模型文件是空的',
  'no beacon source was announced with the commitment: a beacon chosen at the run could steer the draw':
    '承诺时未预告信标来源，不能使用信标：抽取时临时选定的信标可能被用来操纵结果',
};

// Messages with a value in them: the pattern and its Chinese ($1 … the pattern's groups).
const PATTERNS: [RegExp, string][] = [
  [/^the beacon announced with the commitment is needed: (.+)$/, '请录入承诺时预告的信标（来源：$1）'],
  [/^already on the abnormal list \(listing (\d+)\)$/, '已在经营异常名录中（列入记录 $1）'],
  [/^the secret of (.+) does not match its commitment$/, '“$1”公开的秘密与其承诺值不符'],
  [/^the secret of (.+) is 16–64 bytes in lower-case hex$/, '“$1”的秘密应为 16–64 字节的小写十六进制数'],
  [/^(.+) has not revealed its secret$/, '“$1”尚未公开其秘密'],
  [/^not a party of this draw: (.+)$/, '“$1”不是本次抽取的参与方'],
  [/^party named twice: (.+)$/, '参与方重复：$1'],
  [/^labels (.+) are not object codes of the taxonomy/, '模型的类别 $1 不是分类体系中的对象类别，不能用于受理分类'],
  [/^the model was trained on tokenizer "(.+)"; intake uses "(.+)"$/, '该模型按分词方式“$1”训练，受理分类使用“$2”：请不带 --bigrams 重新训练'],
  [/^the commitment must be public until (\S+) before the draw may run$/, '承诺须公示至 $1 后方可执行抽取'],
];

// What each code means when no message of the table fits; {field} is the field's Chinese name.
const CODES: Record<string, [withField: string, without: string]> = {
  INVALID_ARGUMENT: ['「{field}」填写有误，请检查后重试', '提交的内容有误，请检查后重试'],
  NOT_FOUND: ['未找到对应的{field}，或不在您的管辖范围内', '未找到该记录，或不在您的管辖范围内'],
  ALREADY_EXISTS: ['相同的{field}已存在', '相同的记录已存在'],
  FAILED_PRECONDITION: ['当前状态下不能进行此操作（{field}）', '当前状态下不能进行此操作'],
  PERMISSION_DENIED: ['您没有权限进行此操作（{field}）', '您没有权限进行此操作'],
  UNAUTHENTICATED: ['请重新登录', '请重新登录'],
  RESOURCE_EXHAUSTED: ['请求过于频繁或内容过大，请稍后再试', '请求过于频繁或内容过大，请稍后再试'],
  UNAVAILABLE: ['服务暂时不可用，请稍后再试', '服务暂时不可用，请稍后再试'],
};

// "items[2].verdict" → "第 3 项的结论"; "parameters.locality" → "属地范围".
export function fieldName(field: string): string {
  const parts = field.split('.');
  const last = parts[parts.length - 1].replace(/\[\d+\]$/, '');
  const index = /\[(\d+)\]/.exec(field);
  const name = FIELDS[last] ?? '某项内容';
  return index ? `第 ${Number(index[1]) + 1} 项的${name}` : name;
}

export function refusalText(r: Refusal): string {
  if (i18n.global.locale.value === 'en') return r.message + (r.field ? ` (${r.field})` : '');
  const known = MESSAGES[r.message];
  if (known) return known;
  for (const [pattern, text] of PATTERNS) if (pattern.test(r.message)) return r.message.replace(pattern, text);
  const [withField, without] = CODES[r.code] ?? ['操作未能完成（{field}），请稍后再试', '操作未能完成，请稍后再试'];
  return r.field ? withField.replace('{field}', fieldName(r.field)) : without;
}
