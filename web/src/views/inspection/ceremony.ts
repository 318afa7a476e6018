// The two steps of the draw ceremony (双随机, docs/random-draw.md §1): the commit with the
// witnesses' commitments (POST /inspection/plans/{id}/draws) and the run with their secrets and the
// public beacon (POST /inspection/draws/{id}/run). The checks mirror draw_ceremony.cc; the pages'
// messages are merged into the i18n tables when this module loads (the draw pages' own chunk).
import { byteLength } from '../../inspection';
import { i18n } from '../../i18n';

// The platform's own party: its secret is generated and sealed by the server.
export const BUREAU = 'bureau';

// The roles a witness usually has (any other may be typed).
export const WITNESS_ROLES = ['纪检监察组', '公证处', '群众代表', '企业代表', '人大代表'];

export interface Witness {
  role: string;
  name: string;
  commitment: string;
}

// A witness's party name as the record holds it: "纪检监察组·张三" (the role alone without a name).
export function partyOf(w: Witness): string {
  const role = w.role.trim();
  const name = w.name.trim();
  return name ? `${role}·${name}` : role;
}

export const isCommitment = (s: string) => /^[0-9a-f]{64}$/.test(s);
// A secret is 16–64 bytes in lower-case hex.
export const isSecret = (s: string) => /^(?:[0-9a-f]{2}){16,64}$/.test(s);
// Hex as the server takes it: lower case, no blanks.
export const hexOf = (s: string) => s.replace(/\s+/g, '').toLowerCase();

// The message key of what is wrong with a witness row, or '' (CanonicalContributionCommitments).
export function witnessProblem(w: Witness, others: string[]): { field: 'role' | 'commitment'; key: string } | null {
  const party = partyOf(w);
  if (!w.role.trim()) return { field: 'role', key: 'draw.roleRequired' };
  if (byteLength(party) > 64 || /[\u0000-\u001f\u007f]/.test(party)) return { field: 'role', key: 'draw.partyTooLong' };
  if (party === BUREAU) return { field: 'role', key: 'draw.partyBureau' };
  if (others.includes(party)) return { field: 'role', key: 'draw.partyTwice' };
  if (!isCommitment(hexOf(w.commitment))) return { field: 'commitment', key: 'draw.commitmentRule' };
  return null;
}

const zh = {
  witnesses: '见证方与种子承诺', witnessesHint:
    '本局的秘密由平台生成并密封。每个见证方（如纪检监察组、公证处、群众代表）自行生成一个秘密（16–64 字节的十六进制数），此处只录入其 SM3 承诺值；执行抽取时各方当场公开秘密，随机种子由全部秘密共同决定，任何一方都无法单独操纵。',
  role: '身份', name: '姓名', commitmentOf: '承诺值 SM3(秘密)', addWitness: '添加见证方', remove: '删除', noWitness: '未添加见证方：种子只由本局的秘密决定',
  roleRequired: '请填写见证方身份', partyTooLong: '身份与姓名合计不超过 64 字节', partyBureau: '“bureau”为本局保留，请换一个名称', partyTwice: '同一见证方只能出现一次',
  commitmentRule: '承诺值应为 64 位十六进制数（SM3 摘要）', beaconPlan: '公开信标', beaconPlanHint:
    '可在此预告公开信标的来源（如承诺后下一期福彩 3D 的开奖号码，注明日期或期号）。来源随承诺一并公布并计入承诺值；执行抽取时录入该来源公布的数值。它在承诺时无人知晓，使最后公开秘密的一方也无法预知结果；未预告来源的抽取不能使用信标。',
  beaconSource: '信标来源（选填）', beaconSourceHint: '如：福彩3D 2026-12-10 开奖号码（最多 200 字节）', beaconSourceRule: '信标来源最多 200 字节',
  announcedSource: '承诺时预告的信标来源', noSourceAnnounced: '承诺时未预告信标来源，本次抽取不使用信标',
  commit: '公布承诺', interval: '承诺公示期', minutes: '{n} 分钟', none: '无（承诺后即可抽取）',
  runTitle: '执行抽取：见证方公开秘密', secretOf: '{party} 的秘密', secretRule: '秘密应为 16–64 字节的十六进制数（32–128 位）',
  beacon: '公开信标值', beaconHint: '如：福彩3D 2026-11-24 第2026318期：527（最多 200 字节）', beaconRule: '公开信标最多 200 字节', beaconRequired: '请录入预告来源公布的信标值',
  waitUntil: '承诺须公示至 {time}（北京时间）后方可执行抽取', tooEarly: '未到最早抽取时间：承诺须公示至 {time}（北京时间）后方可执行抽取',
  ready: '公示期已满，可以执行抽取', party: '参与方', revealed: '公开的秘密', notRevealed: '抽取时公开', bureauParty: '本局（平台密封）',
  verification: '验证数据', verificationHint:
    '任何人可用以下数据复算：各方 SM3(秘密) 应等于其承诺值；承诺值 = SM3(按参与方名称排序，每行“参与方⇥承诺值”，预告了信标来源时再加一行“⇥beacon⇥来源”)；随机种子 = SM3(每行“参与方⇥秘密”)；随机流密钥 = HMAC-SM3(种子, "zq-draw-v1"‖0x00‖信标)。',
  download: '下载公开记录（JSON）', noBeacon: '未使用', minInterval: '承诺公示期（分钟）', minIntervalHint: '0 表示承诺后即可抽取；如 1440 即公示一天',
};

const en = {
  witnesses: 'Witnesses and seed commitments', witnessesHint:
    'The bureau\'s secret is generated and sealed by the platform. Each witness (e.g. the discipline-inspection team, a notary, a citizen representative) makes its own secret (16–64 bytes in hex) and gives only its SM3 commitment here; at the run each reveals its secret, and the seed is made of all of them, so no single party can steer it.',
  role: 'Role', name: 'Name', commitmentOf: 'Commitment SM3(secret)', addWitness: 'Add a witness', remove: 'Remove', noWitness: 'No witness: the seed is the bureau\'s secret alone',
  roleRequired: 'Enter the witness\'s role', partyTooLong: 'Role and name take at most 64 bytes', partyBureau: '"bureau" is the platform\'s own party: choose another name', partyTwice: 'A witness appears once',
  commitmentRule: 'A commitment is 64 hex digits (SM3)', beaconPlan: 'Public beacon', beaconPlanHint:
    'Announce here where a public beacon will be read (e.g. the next lottery draw after the commitment, with its date or number). The source is published with the commitment and bound into it; at the run the value published there is entered. No one knows it at the commitment, so even the last party to reveal cannot foresee the outcome. A draw without an announced source takes no beacon.',
  beaconSource: 'Beacon source (optional)', beaconSourceHint: 'e.g. Welfare lottery 3D 2026-12-10 result (at most 200 bytes)', beaconSourceRule: 'The beacon source takes at most 200 bytes',
  announcedSource: 'Beacon source announced with the commitment', noSourceAnnounced: 'No beacon source was announced with the commitment: this draw takes no beacon',
  commit: 'Publish the commitment', interval: 'Commitment period', minutes: '{n} minutes', none: 'None (the draw may run at once)',
  runTitle: 'Run the draw: the witnesses reveal their secrets', secretOf: 'Secret of {party}', secretRule: 'A secret is 16–64 bytes in hex (32–128 digits)',
  beacon: 'Public beacon value', beaconHint: 'e.g. Welfare lottery 3D 2026-11-24 No. 2026318: 527 (at most 200 bytes)', beaconRule: 'The beacon takes at most 200 bytes', beaconRequired: 'Enter the value published at the announced source',
  waitUntil: 'The commitment stays public until {time} (Beijing time) before the draw may run', tooEarly: 'Too early: the commitment stays public until {time} (Beijing time) before the draw may run',
  ready: 'The commitment period is over: the draw may run', party: 'Party', revealed: 'Revealed secret', notRevealed: 'revealed at the run', bureauParty: 'Bureau (sealed by the platform)',
  verification: 'Verification data', verificationHint:
    'Anyone can recompute: each SM3(secret) equals its commitment; the commitment = SM3(lines "party⇥commitment" in party order, then "⇥beacon⇥source" when a beacon source was announced); the seed = SM3(lines "party⇥secret"); the stream key = HMAC-SM3(seed, "zq-draw-v1"‖0x00‖beacon).',
  download: 'Download the public record (JSON)', noBeacon: 'none', minInterval: 'Commitment period (minutes)', minIntervalHint: '0: the draw may run at once; e.g. 1440 for a day',
};

i18n.global.mergeLocaleMessage('zh-CN', { draw: zh });
i18n.global.mergeLocaleMessage('en', { draw: en });
