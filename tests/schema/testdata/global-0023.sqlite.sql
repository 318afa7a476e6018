PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
INSERT INTO schema_migrations VALUES(1,'core','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(2,'registry','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(3,'auth','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(4,'registry_region_order','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(5,'audit_log_by_seq','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(6,'inspection','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(7,'registry_dashboard','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(8,'domain_events','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(9,'inspection_results','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(10,'credit','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(11,'personal_blind_index','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(12,'registry_recent','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(13,'audit_log_without_actor_index','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(14,'credit_lists','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(15,'credit_repair','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(16,'registry_entity_facts','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(17,'credit_events_severity_index','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(18,'audit_log_tail','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(19,'inspector_accounts','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(20,'retest_window_resumed','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(21,'penalty_publication_received','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(22,'audit_head_mac','2026-12-06T08:10:39Z');
INSERT INTO schema_migrations VALUES(23,'sign_in','2026-12-06T08:10:39Z');
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO meta VALUES('fixture','made by zq at b143ce6');
CREATE TABLE regions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  level INTEGER NOT NULL,
  parent_code TEXT NOT NULL DEFAULT ''
);
INSERT INTO regions VALUES('350000','福建省',1,'');
INSERT INTO regions VALUES('350100','福州市',2,'350000');
INSERT INTO regions VALUES('350102','鼓楼区',3,'350100');
INSERT INTO regions VALUES('370000','山东省',1,'');
INSERT INTO regions VALUES('370100','济南市',2,'370000');
CREATE TABLE industries (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  level INTEGER NOT NULL,
  parent_code TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT ''
);
INSERT INTO industries VALUES('A','农、林、牧、渔业',0,'','本门类包括 01～05 大类');
INSERT INTO industries VALUES('01','农业',1,'A','指对各种农作物的种植');
INSERT INTO industries VALUES('02','林业',1,'A','');
INSERT INTO industries VALUES('03','畜牧业',1,'A','指为了获得各种畜禽产品而从事的动物饲养、捕捉活动');
INSERT INTO industries VALUES('04','渔业',1,'A','');
INSERT INTO industries VALUES('05','农、林、牧、渔专业及辅助性活动',1,'A','');
INSERT INTO industries VALUES('B','采矿业',0,'','本类包括 06～12 大类，采矿业指对固体（如煤和矿物）、液体（如原油）或气体（如天然气）等自然产生的矿物的采掘；包括地下或地上采掘、矿井的运行，以及一般在矿址或矿址附近从事的旨在加工原材料的所有辅助性工作，例如碾磨、选矿和处理，均属本类活动；还包括使原料得以销售所需的准备工作；不包括水的蓄集、净化和分配，以及地质勘查、建筑工程活动');
INSERT INTO industries VALUES('06','煤炭开采和洗选业',1,'B','指对各种煤炭的开采、洗选、分级等生产活动；不包括煤制品的生产和煤炭勘探活动');
INSERT INTO industries VALUES('07','石油和天然气开采业',1,'B','指在陆地或海洋，对天然原油、液态或气态天然气的开采，对煤矿瓦斯气（煤层气）的开采；为运输目的所进行的天然气液化和从天然气田气体中生产液化烃的活动，还包括对含沥青的页岩或油母页岩矿的开采，以及对焦油沙矿进行的同类作业');
INSERT INTO industries VALUES('08','黑色金属矿采选业',1,'B','');
INSERT INTO industries VALUES('09','有色金属矿采选业',1,'B','指对常用有色金属矿、贵金属矿，以及稀有稀土金属矿的开采、选矿活动');
INSERT INTO industries VALUES('10','非金属矿采选业',1,'B','');
INSERT INTO industries VALUES('11','开采专业及辅助性活动',1,'B','指为煤炭、石油和天然气等矿物开采提供的服务');
INSERT INTO industries VALUES('12','其他采矿业',1,'B','');
INSERT INTO industries VALUES('C','制造业',0,'','本门类包括 13～43 大类，指经物理变化或化学变化后成为新的产品，不论是动力机械制造或手工制作，也不论产品是批发销售或零售，均视为制造；建筑物中的各种制成品、零部件的生产应视为制造，但在建筑预制品工地，把主要部件组装成桥梁、仓库设备、铁路与高架公路、升降机与电梯、管道设备、喷水设备、暖气设备、通风设备与空调设备，照明与安装电线等组装活动，以及建筑物的装置，均列为建筑活动；本门类包括机电产品的再制造，指将废旧汽车零部件、工程机械、机床等进行专业化修复的批量化生产过程，再制造的产品达到与原有新产品相同的质量和性能');
INSERT INTO industries VALUES('13','农副食品加工业',1,'C','指直接以农、林、牧、渔业产品为原料进行的谷物磨制、饲料加工、植物油和制糖加工、屠宰及肉类加工、水产品加工，以及蔬菜、水果和坚果等食品的加工');
INSERT INTO industries VALUES('14','食品制造业',1,'C','');
INSERT INTO industries VALUES('15','酒、饮料和精制茶制造业',1,'C','');
INSERT INTO industries VALUES('16','烟草制品业',1,'C','');
INSERT INTO industries VALUES('17','纺织业',1,'C','');
INSERT INTO industries VALUES('18','纺织服装、服饰业',1,'C','');
INSERT INTO industries VALUES('19','皮革、毛皮、羽毛及其制品和制鞋业',1,'C','指除运动休闲针织服装以外其他针织或钩织编织服装制造');
INSERT INTO industries VALUES('20','木材加工和木、竹、藤、棕、草制品业',1,'C','');
INSERT INTO industries VALUES('21','家具制造业',1,'C','指用木材、金属、塑料、竹、藤等材料制作的，具有坐卧、凭倚、储藏、间隔等功能，可用于住宅、旅馆、办公室、学校、餐馆、医院、剧场、公园、船舰、飞机、机动车等任何场所的各种家具的制造');
INSERT INTO industries VALUES('22','造纸和纸制品业',1,'C','');
INSERT INTO industries VALUES('23','印刷和记录媒介复制业',1,'C','');
INSERT INTO industries VALUES('24','文教、工美、体育和娱乐用品制造业',1,'C','');
INSERT INTO industries VALUES('25','石油、煤炭及其他燃料加工业',1,'C','');
INSERT INTO industries VALUES('26','化学原料和化学制品制造业',1,'C','');
INSERT INTO industries VALUES('27','医药制造业',1,'C','');
INSERT INTO industries VALUES('28','化学纤维制造业',1,'C','');
INSERT INTO industries VALUES('29','橡胶和塑料制品业',1,'C','');
INSERT INTO industries VALUES('30','非金属矿物制品业',1,'C','');
INSERT INTO industries VALUES('31','黑色金属冶炼和压延加工业',1,'C','');
INSERT INTO industries VALUES('32','有色金属冶炼和压延加工业',1,'C','');
INSERT INTO industries VALUES('33','金属制品业',1,'C','');
INSERT INTO industries VALUES('34','通用设备制造业',1,'C','');
INSERT INTO industries VALUES('35','专用设备制造业',1,'C','');
INSERT INTO industries VALUES('36','汽车制造业',1,'C','');
INSERT INTO industries VALUES('37','铁路、船舶、航空航天和其他运输设备制造业',1,'C','');
INSERT INTO industries VALUES('38','电气机械和器材制造业',1,'C','');
INSERT INTO industries VALUES('39','计算机、通信和其他电子设备制造业',1,'C','');
INSERT INTO industries VALUES('40','仪器仪表制造业',1,'C','');
INSERT INTO industries VALUES('41','其他制造业',1,'C','');
INSERT INTO industries VALUES('42','废弃资源综合利用业',1,'C','指废弃资源和废旧材料回收加工');
INSERT INTO industries VALUES('43','金属制品、机械和设备修理业',1,'C','');
INSERT INTO industries VALUES('D','电力、热力、燃气及水生产和供应业',0,'','本门类包括 44～46 大类');
INSERT INTO industries VALUES('44','电力、热力生产和供应业',1,'D','');
INSERT INTO industries VALUES('45','燃气生产和供应业',1,'D','');
INSERT INTO industries VALUES('46','水的生产和供应业',1,'D','');
INSERT INTO industries VALUES('E','建筑业',0,'','本门类包括 47～50 大类');
INSERT INTO industries VALUES('47','房屋建筑业',1,'E','指房屋主体工程的施工活动；不包括主体工程施工前的工程准备活动');
INSERT INTO industries VALUES('48','土木工程建筑业',1,'E','指土木工程主体的施工活动；不包括施工前的工程准备活动');
INSERT INTO industries VALUES('49','建筑安装业',1,'E','指建筑物主体工程竣工后，建筑物内各种设备的安装活动，以及施工中的线路敷设和管道安装活动；不包括工程收尾的装饰，如对墙面、地板、天花板、门窗等处理活动');
INSERT INTO industries VALUES('50','建筑装饰、装修和其他建筑业',1,'E','');
INSERT INTO industries VALUES('F','批发和零售业',0,'','本门类包括 51 和 52 大类，指商品在流通环节中的批发活动和零售活动');
INSERT INTO industries VALUES('51','批发业',1,'F','指向其他批发或零售单位（含个体经营者）及其他企事业单位、机关团体等批量销售生活用品、生产资料的活动，以及从事进出口贸易和贸易经纪与代理的活动，包括拥有货物所有权，并以本单位(公司)的名义进行交易活动,也包括不拥有货物的所有权，收取佣金的商品代理、商品代售活动；本类还包括各类商品批发市场中固定摊位的批发活动，以及以销售为目的的收购活动');
INSERT INTO industries VALUES('52','零售业',1,'F','指百货商店、超级市场、专门零售商店、品牌专卖店、售货摊等主要面向最终消费者（如居民等）的销售活动，以互联网、邮政、电话、售货机等方式的销售活动，还包括在同一地点，后面加工生产，前面销售的店铺（如面包房）；谷物、种子、饲料、牲畜、矿产品、生产用原料、化工原料、农用化工产品、机械设备（乘用车、计算机及通信设备除外）等生产资料的销售不作为零售活动；多数零售商对其销售的货物拥有所有权，但有些则是充当委托人的代理人，进行委托销售或以收取佣金的方式进行销售');
INSERT INTO industries VALUES('G','交通运输、仓储和邮政业',0,'','本门类包括 53～60 大类');
INSERT INTO industries VALUES('53','铁路运输业',1,'G','指铁路客运、货运及相关的调度、信号、机车、车辆、检修、工务等活动；不包括铁路系统所属的机车、车辆及信号通信设备的制造厂（公司）、建筑工程公司、商店、学校、科研所、医院等');
INSERT INTO industries VALUES('54','道路运输业',1,'G','');
INSERT INTO industries VALUES('55','水上运输业',1,'G','');
INSERT INTO industries VALUES('56','航空运输业',1,'G','');
INSERT INTO industries VALUES('57','管道运输业',1,'G','');
INSERT INTO industries VALUES('58','多式联运和运输代理业',1,'G','');
INSERT INTO industries VALUES('59','装卸搬运和仓储业',1,'G','指专门从事货物仓储、货物运输中转仓储，以及以仓储为主的货物送配活动，还包括以仓储为目的的收购活动');
INSERT INTO industries VALUES('60','邮政业',1,'G','');
INSERT INTO industries VALUES('H','住宿和餐饮业',0,'','本门类包括 61 和 62 大类');
INSERT INTO industries VALUES('61','住宿业',1,'H','指为旅行者提供短期留宿场所的活动，有些单位只提供住宿，也有些单位提供住宿、饮食、商务、娱乐一体的服务，本类不包括主要按月或按年长期出租房屋住所的活动');
INSERT INTO industries VALUES('62','餐饮业',1,'H','指通过即时制作加工、商业销售和服务性劳动等，向消费者提供食品和消费场所及设施的服务');
INSERT INTO industries VALUES('I','信息传输、软件和信息技术服务业',0,'','本门类包括 63～65 大类');
INSERT INTO industries VALUES('63','电信、广播电视和卫星传输服务',1,'I','');
INSERT INTO industries VALUES('64','互联网和相关服务',1,'I','');
INSERT INTO industries VALUES('65','软件和信息技术服务业',1,'I','指对信息传输、信息制作、信息提供和信息接收过程中产生的技术问题或技术需求所提供的服务');
INSERT INTO industries VALUES('J','金融业',0,'','本门类包括 66～69 大类');
INSERT INTO industries VALUES('66','货币金融服务',1,'J','');
INSERT INTO industries VALUES('67','资本市场服务',1,'J','');
INSERT INTO industries VALUES('68','保险业',1,'J','');
INSERT INTO industries VALUES('69','其他金融业',1,'J','');
INSERT INTO industries VALUES('K','房地产业',0,'','本门类包括 70 大类');
INSERT INTO industries VALUES('70','房地产业',1,'K','');
INSERT INTO industries VALUES('L','租赁和商务服务业',0,'','本门类包括 71 和 72 大类');
INSERT INTO industries VALUES('71','租赁业',1,'L','');
INSERT INTO industries VALUES('72','商务服务业',1,'L','');
INSERT INTO industries VALUES('M','科学研究和技术服务业',0,'','本门类包括 73～75 大类');
INSERT INTO industries VALUES('73','研究和试验发展',1,'M','指为了增加知识（包括有关自然、工程、人类、文化和社会的知识），以及运用这些知识创造新的应用，所进行的系统的、创造性的活动；该活动仅限于对新发现、新理论的研究，新技术、新产品、新工艺的研制研究与试验发展，包括基础研究、应用研究和试验发展');
INSERT INTO industries VALUES('74','专业技术服务业',1,'M','');
INSERT INTO industries VALUES('75','科技推广和应用服务业',1,'M','');
INSERT INTO industries VALUES('N','水利、环境和公共设施管理业',0,'','本门类包括 76～79 大类');
INSERT INTO industries VALUES('76','水利管理业',1,'N','');
INSERT INTO industries VALUES('77','生态保护和环境治理业',1,'N','');
INSERT INTO industries VALUES('78','公共设施管理业',1,'N','');
INSERT INTO industries VALUES('79','土地管理业',1,'N','');
INSERT INTO industries VALUES('O','居民服务、修理和其他服务业',0,'','本门类包括 80～82 大类');
INSERT INTO industries VALUES('80','居民服务业',1,'O','');
INSERT INTO industries VALUES('81','机动车、电子产品和日用产品修理业',1,'O','');
INSERT INTO industries VALUES('82','其他服务业',1,'O','');
INSERT INTO industries VALUES('P','教育',0,'','本门类包括 83 大类');
INSERT INTO industries VALUES('83','教育',1,'P','');
INSERT INTO industries VALUES('Q','卫生和社会工作',0,'','本门类包括 84 和 85 大类');
INSERT INTO industries VALUES('84','卫生',1,'Q','');
INSERT INTO industries VALUES('85','社会工作',1,'Q','指提供慈善、救助、福利、护理、帮助等社会工作的活动');
INSERT INTO industries VALUES('R','文化、体育和娱乐业',0,'','本门类包括 86～90 大类');
INSERT INTO industries VALUES('86','新闻和出版业',1,'R','');
INSERT INTO industries VALUES('87','广播、电视、电影和录音制作业',1,'R','指对广播、电视、电影、影视录音内容的制作、编导、主持、播出、放映等活动；不包括广播电视信号的传输和接收活动');
INSERT INTO industries VALUES('88','文化艺术业',1,'R','');
INSERT INTO industries VALUES('89','体育',1,'R','');
INSERT INTO industries VALUES('90','娱乐业',1,'R','');
INSERT INTO industries VALUES('91','中国共产党机关',1,'S','');
INSERT INTO industries VALUES('92','国家机构',1,'S','');
INSERT INTO industries VALUES('93','人民政协、民主党派',1,'S','指宪法规定的人民法院和人民检察院的活动');
INSERT INTO industries VALUES('94','社会保障',1,'S','');
INSERT INTO industries VALUES('95','群众团体、社会团体和其他成员组织',1,'S','');
INSERT INTO industries VALUES('96','基层群众自治组织及其他组织',1,'S','');
INSERT INTO industries VALUES('T','国际组织',0,'','本门类包括 97 大类');
INSERT INTO industries VALUES('97','国际组织',1,'T','');
INSERT INTO industries VALUES('S','公共管理、社会保障和社会组织',0,'','本门类包括 91～96 大类');
CREATE TABLE entities (
  uscc TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  legal_representative TEXT NOT NULL DEFAULT '',
  region_code TEXT NOT NULL,
  province_code TEXT NOT NULL,
  industry_code TEXT NOT NULL DEFAULT '',
  entity_type TEXT NOT NULL,
  registered_capital_fen BIGINT NOT NULL DEFAULT 0,
  established_on TEXT NOT NULL DEFAULT '',
  deregistered_on TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  size TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
, legal_representative_index TEXT);
INSERT INTO entities VALUES('91350100M000100Y43','福建样例有限公司','v1:14eceee3bf401afdbb8c2eee42ab8d10bee67230ef586e3a6812a63fc43dcb0b3daf535bbe290fb3641ffb4bc550906ed1c5d9d75c57fe1d7be9846b','350102','35','','enterprise',0,'','','active','unknown','','2026-12-06T08:10:41Z','ef7db4e26c2d332123cb5e8c9818f28b53d3384c71e0b6a7055a25e68034c163');
CREATE TABLE catalogue (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  parent_code TEXT NOT NULL DEFAULT '',
  risk_grade TEXT NOT NULL,
  legal_basis TEXT NOT NULL DEFAULT '',
  industry_code TEXT NOT NULL DEFAULT ''
);
CREATE TABLE products (
  product_code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  brand TEXT NOT NULL DEFAULT '',
  category_code TEXT NOT NULL DEFAULT '',
  manufacturer_uscc TEXT NOT NULL DEFAULT '',
  province_code TEXT NOT NULL DEFAULT ''
);
CREATE TABLE inspectors (
  inspector_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  unit TEXT NOT NULL,
  region_code TEXT NOT NULL,
  qualifications TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1
, name_index TEXT, username TEXT NOT NULL DEFAULT '');
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  region_code TEXT NOT NULL DEFAULT '',
  uscc TEXT NOT NULL DEFAULT '',
  display_name TEXT NOT NULL DEFAULT '',
  disabled INTEGER NOT NULL DEFAULT 0,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  password_changed_at TEXT NOT NULL
, totp_secret TEXT NOT NULL DEFAULT '', totp_pending TEXT NOT NULL DEFAULT '', totp_last_step BIGINT NOT NULL DEFAULT 0);
INSERT INTO users VALUES(1,'admin','$argon2id$v=19$m=65536,t=3,p=4$MJ2jr337+c7FXtDKdBsIiw$wZxC9iM3SdT5aI8ekUjX6sjrvuxqAhGFkgW9WkN22U8','platform_admin','','','',0,1,0,'','2026-12-06T08:10:40Z','2026-12-06T08:10:40Z','','',0);
INSERT INTO users VALUES(2,'alice','$argon2id$v=19$m=65536,t=3,p=4$jDUzwv7TlPmBJTg5Clyn7Q$yQoNYRH6lPmufKu+17iMkGg2p0fpjqChZu9rO0cKDKg','analyst','370100','','',0,1,0,'','2026-12-06T08:10:40Z','2026-12-06T08:10:40Z','','',0);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT ''
);
CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  key_hash TEXT NOT NULL UNIQUE,
  permissions TEXT NOT NULL DEFAULT '',
  region_code TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  last_used_at TEXT NOT NULL DEFAULT '',
  revoked_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
, mac TEXT);
INSERT INTO audit_head VALUES(1,3,'be5d93627f24010a6de84114a7945557156d54fe8a751106c64a1101824e9078','v1:b59333dfd7e093748fa430aaecb722d69a34d6cb7c4364004c19348203f2281a');
CREATE TABLE IF NOT EXISTS "audit_log" (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  request_id TEXT NOT NULL,
  source TEXT NOT NULL,
  detail TEXT NOT NULL,
  hash TEXT NOT NULL
, tail INTEGER);
INSERT INTO audit_log VALUES(1,'2026-12-06T08:10:40Z','system','platform_admin','user.create','user:admin','','','{"role":"platform_admin","region_code":""}','4a664f61a18e80e103c34fe3f5722fdc67a743aa786b318da80647b013c428fe',NULL);
INSERT INTO audit_log VALUES(2,'2026-12-06T08:10:40Z','system','platform_admin','user.create','user:alice','','','{"role":"analyst","region_code":"370100"}','3d28ca18e312552dde405ecd387edf47a972668d28f68c5e326866d1407f2984',NULL);
INSERT INTO audit_log VALUES(3,'2026-12-06T08:10:41Z','system','platform_admin','entity.import','entities','','','{"first_line":2,"inserted":1,"last_line":2,"updated":0}','be5d93627f24010a6de84114a7945557156d54fe8a751106c64a1101824e9078','v1:b59333dfd7e093748fa430aaecb722d69a34d6cb7c4364004c19348203f2281a');
CREATE TABLE inspection_plans (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  authority TEXT NOT NULL,
  region_code TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  parameters TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE inspection_draws (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id BIGINT NOT NULL,
  status TEXT NOT NULL,
  commitment TEXT NOT NULL,
  frame_hash TEXT NOT NULL,
  pool_hash TEXT NOT NULL,
  parameters_hash TEXT NOT NULL,
  sealed_seed TEXT NOT NULL,
  record TEXT NOT NULL,
  frame_size BIGINT NOT NULL DEFAULT 0,
  excluded BIGINT NOT NULL DEFAULT 0,
  pool_size BIGINT NOT NULL DEFAULT 0,
  tasks BIGINT NOT NULL DEFAULT 0,
  unstaffed BIGINT NOT NULL DEFAULT 0,
  committed_at TEXT NOT NULL,
  drawn_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE inspection_tasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  draw_id BIGINT NOT NULL,
  plan_id BIGINT NOT NULL,
  task_number INTEGER NOT NULL,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  risk_class TEXT NOT NULL,
  inspectors TEXT NOT NULL,
  unstaffed_reason TEXT NOT NULL DEFAULT '',
  drawn_on TEXT NOT NULL
);
CREATE TABLE domain_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL,
  source_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  occurred_on TEXT NOT NULL,
  payload TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (source, source_id)
);
INSERT INTO domain_events VALUES(1,'inspection','batch:1','inspection.batch_failed','91350100M000100Y43','350102','2026-11-30','{}','2026-12-01T08:00:00Z');
CREATE TABLE domain_event_cursors (
  consumer TEXT PRIMARY KEY,
  last_seq BIGINT NOT NULL
);
INSERT INTO domain_event_cursors VALUES('credit',1);
CREATE TABLE inspection_batches (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id BIGINT NOT NULL UNIQUE,
  plan_id BIGINT NOT NULL,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  status TEXT NOT NULL,
  sampled_on TEXT NOT NULL,
  place TEXT NOT NULL,
  batch_number TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  reserve_quantity BIGINT NOT NULL,
  category_code TEXT NOT NULL,
  product_name TEXT NOT NULL,
  specification TEXT NOT NULL,
  brand TEXT NOT NULL,
  samplers TEXT NOT NULL,
  institution TEXT NOT NULL DEFAULT '',
  report_number TEXT NOT NULL DEFAULT '',
  tested_on TEXT NOT NULL DEFAULT '',
  initial_verdict TEXT NOT NULL DEFAULT '',
  retest_institution TEXT NOT NULL DEFAULT '',
  retest_report_number TEXT NOT NULL DEFAULT '',
  retest_tested_on TEXT NOT NULL DEFAULT '',
  notified_on TEXT NOT NULL DEFAULT '',
  final_verdict TEXT NOT NULL DEFAULT '',
  final_on TEXT NOT NULL DEFAULT '',
  publication_due TEXT NOT NULL DEFAULT '',
  published_on TEXT NOT NULL DEFAULT '',
  recorded_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
, retest_deadline_resumed TEXT NOT NULL DEFAULT '');
CREATE TABLE inspection_test_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  batch_id BIGINT NOT NULL,
  stage TEXT NOT NULL,
  item_number INTEGER NOT NULL,
  name TEXT NOT NULL,
  key_item INTEGER NOT NULL,
  method TEXT NOT NULL,
  limit_text TEXT NOT NULL,
  measured TEXT NOT NULL,
  unit TEXT NOT NULL,
  verdict TEXT NOT NULL
);
CREATE TABLE inspection_appeals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  batch_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  requested_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL,
  decided_on TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  UNIQUE (batch_id, kind)
);
CREATE TABLE inspection_follow_ups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  batch_id BIGINT NOT NULL UNIQUE,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  status TEXT NOT NULL,
  opened_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  extended_days INTEGER NOT NULL DEFAULT 0,
  rectification_reported_on TEXT NOT NULL DEFAULT '',
  reinspected_on TEXT NOT NULL DEFAULT '',
  reinspection_verdict TEXT NOT NULL DEFAULT '',
  level INTEGER NOT NULL DEFAULT 0,
  closed_on TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);
CREATE TABLE credit_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL,
  source_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  occurred_on TEXT NOT NULL,
  display_until TEXT NOT NULL,
  severity INTEGER NOT NULL,
  evidence_ref TEXT NOT NULL,
  summary TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL, ends_event_id BIGINT NOT NULL DEFAULT 0,
  UNIQUE (source, source_id)
);
CREATE TABLE credit_rule_sets (
  version TEXT PRIMARY KEY,
  effective_from TEXT NOT NULL,
  body TEXT NOT NULL,
  sha TEXT NOT NULL
);
CREATE TABLE credit_grades (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  risk_class TEXT NOT NULL,
  grade TEXT NOT NULL,
  risk_score DOUBLE PRECISION NOT NULL,
  grade_score DOUBLE PRECISION NOT NULL,
  abnormal_listed INTEGER NOT NULL,
  serious_listed INTEGER NOT NULL,
  rule_version TEXT NOT NULL,
  as_of TEXT NOT NULL,
  event_ids TEXT NOT NULL,
  snapshot_hash TEXT NOT NULL,
  computed_at TEXT NOT NULL
);
CREATE TABLE credit_serious_listings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  status TEXT NOT NULL,
  origin TEXT NOT NULL,
  category TEXT NOT NULL,
  penalty_event_id BIGINT NOT NULL DEFAULT 0,
  judgement TEXT NOT NULL,
  decision_no TEXT NOT NULL,
  authority_region TEXT NOT NULL,
  proposed_by TEXT NOT NULL,
  proposed_on TEXT NOT NULL,
  approver_region TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  decided_on TEXT NOT NULL DEFAULT '',
  decision_note TEXT NOT NULL DEFAULT '',
  listed_on TEXT NOT NULL DEFAULT '',
  term_ends_on TEXT NOT NULL DEFAULT '',
  removed_on TEXT NOT NULL DEFAULT '',
  removed_by TEXT NOT NULL DEFAULT '',
  removal_reason TEXT NOT NULL DEFAULT '',
  listing_event_id BIGINT NOT NULL DEFAULT 0,
  removal_event_id BIGINT NOT NULL DEFAULT 0,
  abnormal_listing_id BIGINT NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);
CREATE TABLE credit_abnormal_listings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  decision_no TEXT NOT NULL,
  authority_region TEXT NOT NULL,
  listed_by TEXT NOT NULL,
  listed_on TEXT NOT NULL,
  escalation_on TEXT NOT NULL,
  removed_on TEXT NOT NULL DEFAULT '',
  removed_by TEXT NOT NULL DEFAULT '',
  removal_reason TEXT NOT NULL DEFAULT '',
  listing_event_id BIGINT NOT NULL DEFAULT 0,
  removal_event_id BIGINT NOT NULL DEFAULT 0,
  serious_listing_id BIGINT NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);
CREATE TABLE credit_penalty_publications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  penalty_event_id BIGINT NOT NULL UNIQUE,
  decision_no TEXT NOT NULL,
  party TEXT NOT NULL,
  violation_type TEXT NOT NULL,
  penalty_kind TEXT NOT NULL,
  penalty_text TEXT NOT NULL,
  restriction_months INTEGER NOT NULL DEFAULT 0,
  case_domain TEXT NOT NULL,
  authority TEXT NOT NULL,
  authority_region TEXT NOT NULL,
  decision_date TEXT NOT NULL,
  status TEXT NOT NULL,
  due_on TEXT NOT NULL,
  published_on TEXT NOT NULL DEFAULT '',
  display_until TEXT NOT NULL DEFAULT '',
  revoked_on TEXT NOT NULL DEFAULT '',
  revocation_ref TEXT NOT NULL DEFAULT '',
  retraction_due_on TEXT NOT NULL DEFAULT '',
  retracted_on TEXT NOT NULL DEFAULT '',
  withdrawal_event_id BIGINT NOT NULL DEFAULT 0,
  stopped_on TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
, received_on TEXT NOT NULL DEFAULT '', authority_province TEXT NOT NULL DEFAULT '');
CREATE TABLE credit_objections (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  event_id BIGINT NOT NULL,
  grounds TEXT NOT NULL,
  evidence_ref TEXT NOT NULL,
  filed_by TEXT NOT NULL,
  filed_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  extended INTEGER NOT NULL DEFAULT 0,
  extension_reason TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_on TEXT NOT NULL DEFAULT '',
  decision_reason TEXT NOT NULL DEFAULT '',
  ending_event_id BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE credit_repairs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  uscc TEXT NOT NULL,
  region_code TEXT NOT NULL,
  kind TEXT NOT NULL,
  event_id BIGINT NOT NULL,
  facts TEXT NOT NULL,
  evidence_ref TEXT NOT NULL,
  statement TEXT NOT NULL,
  filed_by TEXT NOT NULL,
  filed_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  status TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_on TEXT NOT NULL DEFAULT '',
  decision_reason TEXT NOT NULL DEFAULT '',
  fraudulent INTEGER NOT NULL DEFAULT 0,
  barred_until TEXT NOT NULL DEFAULT '',
  ending_event_id BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE login_failures (
  username TEXT NOT NULL,
  source TEXT NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT NOT NULL DEFAULT '',
  last_failure_at TEXT NOT NULL,
  PRIMARY KEY (username, source)
);
CREATE TABLE recovery_codes (
  user_id BIGINT NOT NULL REFERENCES users (id),
  code_hash TEXT NOT NULL,
  used_at TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (user_id, code_hash)
);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('users',2);
INSERT INTO sqlite_sequence VALUES('domain_events',1);
CREATE INDEX regions_parent ON regions (parent_code);
CREATE INDEX industries_parent ON industries (parent_code);
CREATE INDEX entities_industry ON entities (industry_code);
CREATE INDEX entities_name ON entities (name);
CREATE INDEX products_manufacturer ON products (manufacturer_uscc);
CREATE INDEX products_category ON products (category_code);
CREATE INDEX inspectors_region ON inspectors (region_code);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX entities_region_uscc ON entities (region_code, uscc);
CREATE INDEX inspection_plans_region ON inspection_plans (region_code);
CREATE INDEX inspection_draws_plan ON inspection_draws (plan_id);
CREATE INDEX inspection_tasks_plan ON inspection_tasks (plan_id, uscc);
CREATE INDEX inspection_tasks_uscc ON inspection_tasks (uscc, drawn_on);
CREATE INDEX entities_region_industry_status ON entities (region_code, industry_code, status);
CREATE INDEX domain_events_kind ON domain_events (kind, seq);
CREATE INDEX inspection_batches_uscc ON inspection_batches (uscc, final_on);
CREATE INDEX inspection_batches_region ON inspection_batches (region_code);
CREATE INDEX inspection_batches_final ON inspection_batches (final_on);
CREATE INDEX inspection_test_items_batch ON inspection_test_items (batch_id, stage);
CREATE INDEX inspection_follow_ups_due ON inspection_follow_ups (status, due_on);
CREATE INDEX inspection_follow_ups_region ON inspection_follow_ups (region_code);
CREATE INDEX credit_grades_entity ON credit_grades
  (uscc, id, risk_class, grade, abnormal_listed, serious_listed, rule_version);
CREATE INDEX entities_legal_representative_index ON entities (legal_representative_index);
CREATE INDEX inspectors_name_index ON inspectors (name_index);
CREATE INDEX entities_region_updated ON entities (region_code, updated_at DESC, uscc);
CREATE INDEX credit_events_ends ON credit_events (ends_event_id) WHERE ends_event_id <> 0;
CREATE INDEX credit_serious_listings_entity ON credit_serious_listings (uscc, id);
CREATE INDEX credit_serious_listings_status ON credit_serious_listings (status, term_ends_on);
CREATE INDEX credit_abnormal_listings_entity ON credit_abnormal_listings (uscc, id);
CREATE INDEX credit_abnormal_listings_status ON credit_abnormal_listings (status, escalation_on);
CREATE INDEX credit_penalty_publications_entity ON credit_penalty_publications (uscc, id);
CREATE INDEX credit_penalty_publications_status ON credit_penalty_publications (status, due_on);
CREATE INDEX credit_objections_entity ON credit_objections (uscc, status, event_id);
CREATE INDEX credit_objections_status ON credit_objections (status, due_on);
CREATE INDEX credit_repairs_entity ON credit_repairs (uscc, status, event_id);
CREATE INDEX credit_repairs_status ON credit_repairs (status, due_on);
CREATE VIEW registry_entity_facts AS
  SELECT uscc, name, region_code, industry_code, size, status FROM entities;
CREATE INDEX credit_events_entity ON credit_events
  (uscc, id, event_type, occurred_on, display_until, region_code, ends_event_id, severity);
CREATE INDEX inspectors_username ON inspectors (username);
CREATE INDEX login_failures_last ON login_failures (last_failure_at);
COMMIT;
