#!/usr/bin/env python3
"""A labelled set of short Chinese complaint texts (投诉文本) for `zq complaint classifier`.

Each row is one made-up complaint, labelled with the 中消协 object class of
data/complaint/taxonomy.csv (household_appliances, daily_goods, ..., finance). The texts come from
varied templates, product and service nouns (many of them absent from the taxonomy's keywords),
problem phrases, requests and noise words; some rows name a second object of another class, some
name no object at all (东西, 服务), and a share of the labels is deliberately wrong, so that no
classifier reaches 100 %.

Python 3 standard library only; the output depends on --seed alone. Usage:
  scripts/make_complaint_corpus.py --train train.csv --test test.csv [--rows 2000] [--seed 20261207]
The first --test-rows rows after shuffling are the held-out part, the rest the training part.
Columns: id, text, label, noise (``mislabelled`` when the label was replaced at random).
"""

import argparse
import csv
import random

# Object class -> nouns. The first few of each list are taxonomy keywords, the rest are not, so
# the keyword rules miss them.
OBJECTS = {
    "household_appliances": ["冰箱", "洗衣机", "空调", "手机", "笔记本电脑", "扫地机器人", "净水器",
                             "投影仪", "电动牙刷", "路由器", "平板", "智能手表", "烤箱", "空气炸锅",
                             "蓝牙音箱", "电风扇", "洗碗机", "燃气灶"],
    "daily_goods": ["洗发水", "牙膏", "护肤品", "沙发", "衣柜", "儿童积木", "保温杯", "不粘锅", "面霜",
                    "口红", "香水", "拖把", "收纳箱", "乳胶枕", "毛巾", "婴儿湿巾"],
    "clothing": ["羽绒服", "运动鞋", "裤子", "衬衫", "连衣裙", "牛仔裤", "皮鞋", "冲锋衣", "毛衣",
                 "凉鞋", "卫衣", "校服", "背包", "围巾"],
    "food": ["牛奶", "奶粉", "月饼", "零食", "坚果礼盒", "速冻水饺", "火腿肠", "蛋糕", "大闸蟹",
             "酸奶", "方便面", "腊肉", "蜂蜜", "猪肉"],
    "vehicles": ["汽车", "电动自行车", "新能源车", "摩托车", "轮胎", "二手车", "电瓶", "行车记录仪",
                 "车载导航", "儿童安全座椅", "平衡车", "滑板车"],
    "housing_materials": ["瓷砖", "地板", "门窗", "商品房", "防盗门", "卫浴五金", "木门", "石膏板",
                          "水龙头", "壁纸", "橱柜台面", "防水涂料"],
    "jewellery_sports": ["黄金项链", "珠宝", "钻戒", "跑步机", "羽毛球拍", "钢琴", "吉他", "玉镯",
                         "银手镯", "瑜伽垫", "哑铃", "篮球", "自行车头盔护具"],
    "tobacco_drinks": ["白酒", "啤酒", "葡萄酒", "矿泉水", "茶叶", "咖啡", "果汁", "茅台", "红酒",
                       "奶茶", "苏打水", "电子烟"],
    "medical": ["药品", "口罩", "血压计", "助听器", "隐形眼镜", "血糖仪", "轮椅", "膏药", "感冒药",
                "退烧贴", "制氧机", "按摩椅"],
    "agricultural": ["化肥", "农药", "种子", "饲料", "兽药", "除草剂", "玉米种", "地膜", "有机肥",
                     "收割机配件", "鸡苗"],
    "life_services": ["理发", "洗车", "家政保洁", "月嫂", "餐馆", "外卖", "酒店", "健身房", "美容院",
                      "宠物店", "干洗店", "婚庆服务", "搬家公司", "开锁"],
    "sales_services": ["送货", "安装", "退货", "换货", "会员卡积分", "以旧换新", "上门安装",
                       "赠品", "价保", "预售订单"],
    "internet_services": ["网购", "直播间", "APP", "游戏充值", "视频会员", "网约车", "外卖平台",
                          "二手交易平台", "网盘", "在线问诊", "自动续费"],
    "telecom": ["话费", "流量", "宽带", "套餐", "手机号", "携号转网", "副卡", "光猫", "固话",
                "国际漫游"],
    "decoration_property": ["装修", "物业", "停车费", "全包装修", "物业费", "小区电梯", "水电改造",
                            "装修公司", "门禁", "墙面刷漆"],
    "education": ["培训", "课程", "学费", "辅导班", "英语网课", "驾校", "考研班", "少儿编程",
                  "舞蹈班", "职业资格证", "早教中心"],
    "tourism": ["旅游", "旅行社", "景区", "门票", "导游", "跟团游", "机票", "民宿", "邮轮",
                "自驾游路线", "温泉度假村"],
    "finance": ["保险", "贷款", "理财", "信用卡", "分期付款", "车险", "网贷", "医疗险", "基金",
                "储蓄卡", "消费贷"],
}

# Frames that only fit some classes (verbs and places people use for them).
CONTEXT = {
    "household_appliances": ["在家电卖场买的{o}", "网上下单的{o}", "新买的{o}"],
    "daily_goods": ["在超市买的{o}", "给家里买的{o}", "网购的{o}"],
    "clothing": ["在商场专柜买的{o}", "给孩子买的{o}", "穿了两次的{o}"],
    "food": ["在超市买的{o}", "给老人买的{o}", "刚拆封的{o}"],
    "vehicles": ["在4S店买的{o}", "刚提的{o}", "骑了一个月的{o}"],
    "housing_materials": ["新房用的{o}", "建材市场买的{o}", "开发商交付的{o}"],
    "jewellery_sports": ["在金店买的{o}", "商场买的{o}", "送人的{o}"],
    "tobacco_drinks": ["在烟酒店买的{o}", "过节买的{o}", "便利店买的{o}"],
    "medical": ["在药店买的{o}", "医生推荐的{o}", "给父母买的{o}"],
    "agricultural": ["在农资店买的{o}", "今年春耕用的{o}", "合作社统一采购的{o}"],
    "life_services": ["去的{o}", "预约的{o}", "办了卡的{o}"],
    "sales_services": ["商家承诺的{o}", "购物后的{o}", "下单时约定的{o}"],
    "internet_services": ["手机上的{o}", "在{o}里", "注册的{o}"],
    "telecom": ["营业厅办理的{o}", "运营商的{o}", "每月的{o}"],
    "decoration_property": ["小区的{o}", "签了合同的{o}", "新房的{o}"],
    "education": ["给孩子报名的{o}", "交了钱的{o}", "机构的{o}"],
    "tourism": ["报名参加的{o}", "五一假期的{o}", "网上预订的{o}"],
    "finance": ["银行推销的{o}", "业务员推荐的{o}", "办理的{o}"],
}

# What complainants say about each class's objects in particular (parts, uses, charges).
DETAILS = {
    "household_appliances": ["开机没反应", "屏幕黑屏", "充不进电", "噪音很大", "不制冷", "遥控器失灵"],
    "daily_goods": ["用后皮肤过敏", "味道刺鼻", "一洗就变形", "包装漏液", "甲醛味重"],
    "clothing": ["穿一次就开线", "洗后缩水", "鞋底开胶", "尺码不对", "面料起球"],
    "food": ["吃了肚子疼", "生产日期模糊", "包装鼓袋", "吃出头发", "口感发酸"],
    "vehicles": ["刹车异响", "电池续航缩水", "发动机抖动", "车漆有划痕", "仪表盘报警"],
    "housing_materials": ["铺完就空鼓", "墙面渗水", "甲醛超标", "尺寸有偏差", "交房面积缩水"],
    "jewellery_sports": ["克重不够", "成色不足", "用几次就断了", "证书对不上", "音准有问题"],
    "tobacco_drinks": ["喝完头疼", "瓶盖有问题", "酒味不对", "有沉淀物", "口味变了"],
    "medical": ["吃药后过敏", "说明书不全", "测量不准", "批号查不到", "疗效夸大"],
    "agricultural": ["种下去不出苗", "庄稼减产", "打完药苗死了", "鸡苗大量死亡", "养分不达标"],
    "life_services": ["服务态度恶劣", "办的卡不让用", "剪坏了头发", "洗车划伤车漆", "卫生很差"],
    "sales_services": ["送货迟迟不到", "安装师傅多收费", "约好的时间没来", "积分被清零", "赠品没给"],
    "internet_services": ["账号被封", "充值不到账", "主播诱导下单", "订单被取消", "无法注销账户"],
    "telecom": ["信号很差", "莫名扣费", "网速很慢", "办了套餐不能取消", "流量被偷跑"],
    "decoration_property": ["工期一拖再拖", "增项加价", "小区卫生没人管", "电梯经常停运", "墙面开裂"],
    "education": ["老师频繁更换", "退费遇阻", "课时没上完就跑路", "承诺包过没兑现", "机构关门了"],
    "tourism": ["行程被改", "被强制购物", "酒店降级", "景点临时关闭", "航班取消不退票"],
    "finance": ["被收高额利息", "扣款不明", "理赔被拒", "被暴力催收", "收益和承诺不符"],
}

# Problem phrases by the taxonomy's problem nature (the second axis, noise for this label).
PROBLEMS = {
    "quality": ["用了三天就坏了", "质量太差", "出现故障", "收到时已经破损", "有明显瑕疵", "一直漏水",
                "经常失灵", "里面有异物", "颜色和图片差很多"],
    "safety": ["差点起火", "使用时漏电", "孩子被烫伤", "存在安全隐患", "吃完后上吐下泻"],
    "price": ["多收了钱", "价格比标价高", "收费不明不白", "先涨价再打折", "结账时乱收费"],
    "metrology": ["缺斤少两", "分量明显不足", "称重有问题"],
    "counterfeit": ["怀疑是假货", "是山寨的", "商标是仿冒的", "和正品不一样"],
    "contract": ["拒绝退款", "定金不退", "不按合同履行", "单方面改条款", "押金一直不退"],
    "false_advertising": ["与宣传不符", "虚假宣传", "夸大效果", "广告说的功能根本没有"],
    "personal_dignity": ["被店员辱骂", "个人信息被泄露", "天天被电话骚扰"],
    "after_sales": ["客服一直推诿", "售后不予处理", "说好的保修不认", "维修拖了一个月", "联系不上客服"],
}

TIMES = ["", "", "今年3月", "上个月", "上周", "前天", "2024年双十一", "国庆期间", "去年年底", "最近"]
MERCHANTS = ["", "", "某电商平台", "楼下的店", "某品牌旗舰店", "一家连锁店", "朋友介绍的商家",
             "直播平台上", "市区商场"]
REQUESTS = ["要求退款", "要求赔偿损失", "希望尽快处理", "请市场监管部门核实", "要求退一赔三",
            "要求商家道歉", "希望给个说法", ""]
NOISE = ["", "", "", "非常气愤", "实在没办法了", "多次沟通无果", "消费者很无奈", "已保留聊天记录",
         "有发票", "麻烦帮忙"]

TEMPLATES = [
    "{time}{ctx}{problem}，{request}。",
    "{time}在{merchant}买了{o}，{problem}，{noise}，{request}。",
    "投诉{merchant}：{ctx}{problem}。{request}",
    "本人{time}{ctx}，{problem}，{noise}。",
    "{o}{problem}，商家{problem2}，{request}。",
    "关于{o}的问题：{problem}，{noise}，{request}",
    "{noise}，{time}的{o}{problem}，{request}。",
    "{ctx}，没想到{problem}，而且{problem2}。",
]

# What a complainant writes when not naming the object.
VAGUE = ["东西", "这个产品", "服务", "他们家的", "商品", "项目"]

# Rows that also name an object of another class (a gift, the payment, the delivery).
SECOND = ["买{o}时顺便办了{x}，", "{x}的事先不说，", "用{x}付的款，", "同时买的{x}没问题，"]


def phrase(rng, nature=None):
    nature = nature or rng.choice(sorted(PROBLEMS))
    return rng.choice(PROBLEMS[nature])


def make_text(rng, label):
    noun = rng.choice(OBJECTS[label])
    if rng.random() < 0.05:
        noun = rng.choice(VAGUE)  # the object not named: no classifier can tell
    ctx = rng.choice(CONTEXT[label]).format(o=noun) if rng.random() < 0.75 else noun
    # Most complainants also say what went wrong with the thing itself.
    detail = "，" + rng.choice(DETAILS[label]) if rng.random() < 0.85 else ""
    text = rng.choice(TEMPLATES).format(
        time=rng.choice(TIMES), ctx=ctx + detail, o=noun + detail,
        merchant=rng.choice(MERCHANTS) or "网店", problem=phrase(rng), problem2=phrase(rng),
        request=rng.choice(REQUESTS), noise=rng.choice(NOISE) or "情况属实")
    if rng.random() < 0.15:
        other = rng.choice([c for c in sorted(OBJECTS) if c != label])
        text = rng.choice(SECOND).format(o=noun, x=rng.choice(OBJECTS[other])) + text
    return text.replace("，，", "，").replace("，。", "。").replace("，，", "，")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", required=True)
    parser.add_argument("--test", required=True)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--test-rows", type=int, default=500)
    parser.add_argument("--mislabelled", type=float, default=0.04)
    parser.add_argument("--seed", type=int, default=20261207)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    labels = sorted(OBJECTS)
    # Unequal class sizes, as in real intake: appliances, food and the internet far ahead.
    weights = [3 if c in ("household_appliances", "food", "internet_services", "clothing") else
               2 if c in ("daily_goods", "life_services", "telecom", "education", "vehicles") else 1
               for c in labels]
    rows = []
    for i in range(args.rows):
        label = rng.choices(labels, weights)[0]
        text = make_text(rng, label)
        noise = ""
        if rng.random() < args.mislabelled:
            label = rng.choice([c for c in labels if c != label])
            noise = "mislabelled"
        rows.append([f"C{i + 1:05d}", text, label, noise])
    test, train = rows[:args.test_rows], rows[args.test_rows:]
    for path, part in ((args.train, train), (args.test, test)):
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["id", "text", "label", "noise"])
            w.writerows(part)


if __name__ == "__main__":
    main()
