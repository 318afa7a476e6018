// 简体中文 (the default).
export default {
  app: { name: '质强', title: '质量治理平台', console: '管理端', portal: '公众端' },
  common: {
    search: '查询', reset: '重置', export: '导出', back: '返回', loading: '加载中…', none: '暂无数据',
    total: '共 {n} 条', totalAtLeast: '超过 {n} 条', open: '查看', all: '全部', count: '数量',
    notFound: '未找到该记录，或不在您的管辖范围内。', error: '出错了', language: '语言', yes: '是', no: '否',
  },
  lang: { zh: '简体中文', en: 'English' },
  login: {
    title: '管理端登录', username: '用户名', password: '密码', submit: '登录',
    locked: '账户已锁定：连续登录失败次数过多，请稍后再试。', failed: '用户名或密码错误。',
    required: '请输入{field}', toPortal: '公众查询入口',
  },
  menu: {
    dashboard: '总览', registry: '登记信息', entities: '市场主体', products: '产品', regions: '行政区划',
    catalogue: '重点监管产品目录', admin: '系统管理', users: '用户与角色', audit: '审计日志',
    logout: '退出登录', jurisdiction: '管辖范围', wholeCountry: '全部地区',
  },
  role: {
    platform_admin: '平台管理员', regulator: '监管人员', analyst: '分析人员', enterprise: '企业用户',
    sentinel_hospital: '哨点医院', department_client: '部门接口', public: '公众',
  },
  dashboard: {
    title: '总览', total: '市场主体总数', byIndustry: '按行业门类', byRegion: '按下级区划',
    byStatus: '按登记状态', latest: '最近更新的市场主体', regionTree: '区划分布', subRegions: '下级区划数',
  },
  entity: {
    search: '市场主体查询', name: '名称', uscc: '统一社会信用代码', region: '所在区划', industry: '行业',
    status: '登记状态', type: '主体类型', legalRep: '法定代表人', capital: '注册资本（万元）',
    established: '成立日期', deregistered: '注销日期', size: '规模', address: '住所',
    namePlaceholder: '名称关键字', usccPlaceholder: '18 位代码', exportCsv: '导出 CSV', exportXlsx: '导出 Excel',
    file: '质量信用档案', identity: '主体信息', licences: '许可与认证', timeline: '质量信用记录',
    timelineEmpty: '暂无记录。监督抽查、信用事件、投诉与召回等模块上线后，其记录将按时间列于此处。',
    licencesEmpty: '暂无许可信息。', products: '生产的产品',
  },
  status: { active: '存续', revoked: '吊销', cancelled: '注销', dormant: '歇业' },
  type: { enterprise: '企业', individual: '个体工商户', cooperative: '农民专业合作社', other: '其他' },
  size: { large: '大型', medium: '中型', small: '小型', micro: '微型', unknown: '未知' },
  product: {
    title: '产品', code: '产品编码 (GTIN)', name: '产品名称', brand: '品牌', category: '目录类别',
    manufacturer: '生产企业', lookup: '按条码查询', namePlaceholder: '产品名称关键字',
  },
  region: { title: '行政区划', code: '区划代码', name: '名称', level: '级别', children: '下级区划', entities: '市场主体', level1: '省级', level2: '地级', level3: '县级' },
  catalogue: { title: '重点监管产品目录', code: '编码', name: '产品类别', risk: '风险等级', basis: '依据', industry: '行业', high: '高', medium: '中', low: '低' },
  admin: {
    users: '用户与角色', username: '用户名', role: '角色', region: '管辖区划', displayName: '姓名',
    disabled: '已停用', locked: '已锁定', created: '创建时间', newUser: '新建用户', password: '初始密码', create: '创建',
    audit: '审计日志', actor: '操作人', action: '操作', object: '对象', from: '起始时间', to: '截止时间', at: '时间',
    source: '来源地址', requestId: '请求号', created_ok: '用户已创建',
  },
  password: {
    title: '修改密码', hint: '您使用一次性密码登录，请先设置新密码。修改后请用新密码重新登录。',
    current: '当前密码', next: '新密码', repeat: '再次输入新密码', submit: '修改密码', done: '密码已修改，请重新登录。', menu: '修改密码',
  },
  portal: {
    title: '质量信息公众查询', lookup: '企业查询', lookupHint: '输入企业名称或统一社会信用代码',
    catalogue: '重点监管产品目录', results: '查询结果', noResults: '未找到匹配的企业。', notice: '本页仅公示依法可公开的登记信息。',
    toConsole: '管理端登录',
  },
  valid: {
    passwordLength: '密码至少 {n} 个字符', passwordClasses: '密码须包含大写字母、小写字母、数字、符号中的三类',
    passwordUser: '密码不能包含用户名', passwordMismatch: '两次输入的新密码不一致',
    usccLength: '统一社会信用代码为 18 位，当前为 {n} 位',
    usccChar: '第 {pos} 位“{c}”不是合法字符（0-9、A-Y，不含 I、O、S、V、Z）',
    usccAuthority: '第 1 位“{c}”不是登记管理部门代码', usccKind: '第 2 位“{c}”不是该登记管理部门下的机构类别',
    usccRegion: '第 3-8 位不是行政区划代码', usccCheck: '校验码应为“{want}”，而不是“{got}”',
    usccOrg: '第 9-17 位不是有效的组织机构代码',
    gtinLength: '商品条码为 8、12、13 或 14 位，当前为 {n} 位', gtinDigits: '商品条码只能包含数字',
    gtinCheck: '校验位应为 {want}，而不是 {got}',
  },
};
