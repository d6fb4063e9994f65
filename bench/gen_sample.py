#!/usr/bin/env python3
"""Writes the sample community's CSV files, one per import kind, in the shape of the seed
(宁康园社区): 14 grids, ~4,375 households, ~8,725 residents, 26 partner units, a party
organisation of 14 branches with 471 members, 14 complete 1+1+N teams and neighbourhood leaders
covering every building, 200+ mediation cases a year, council meetings raising needs in all
12 categories, the elderly-service circle (one centre, two stations) with a year of meal
deliveries, monthly convenience festivals with 20+ services, and residents' evaluations.

--scale N writes N copies of the community into one set of files (a district: N = 100 gives
~1 M persons and ~100 k cases when --years is 5, the default for N > 1). Cases cover --years of
history; meetings, needs, events and deliveries cover the last year.

Deterministic from --seed. All names, phone numbers and ID numbers are invented; ID numbers
carry valid GB 11643 check digits but a fictitious area code. Load with
`shequ init --sample --sample-dir DIR` (imports DIR/<kind>.csv in catalog order).

    bench/gen_sample.py --out sample-data            # the bundled sample (scale 1)
    bench/gen_sample.py --scale 100 --out /tmp/district
"""
import argparse
import csv
import datetime as dt
import os
import random

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红建文辉力林峰鹏宇浩凯秀云莉婷雪琳晨欣怡佳子涵梓轩一诺思远晓东国庆志强春梅海燕德福永新金凤淑珍秀珍丽华建国建华"
GRID_NAMES = ["康宁", "和顺", "安居", "同心", "邻里", "幸福", "和谐", "长青", "春晖", "乐业", "惠民", "暖阳", "启航", "友善"]
AREA = "420191"  # fictitious area code (not a real county)
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
TODAY = dt.date(2026, 11, 29)

# 26 partner units (共建单位), invented: name, type, contact, resources.
PARTNERS = [
    ("龙湖医院车谷院区", "hospital", "周医生", "每月健康义诊；慢病随访"),
    ("神泉小学", "school", "王老师", "暑期课堂场地；志愿者学生"),
    ("沌阳第二中学", "school", "陈老师", "青少年课业辅导"),
    ("宁和物业服务有限公司", "property-company", "刘经理", "楼道维修；停车协调"),
    ("惠邻超市", "merchant", "赵老板", "积分兑换商品"),
    ("阿强理发店", "merchant", "李师傅", "每月义剪"),
    ("好味早餐店", "merchant", "孙阿姨", "助餐补充餐位"),
    ("便民家电维修部", "merchant", "吴师傅", "家电义修"),
    ("街道综合执法中队", "public-body", "郑队长", "占道与噪音执法协助"),
    ("开发区人民法院巡回法庭", "public-body", "冯法官", "调解协议司法确认指导"),
    ("沌口派出所社区警务室", "public-body", "褚警官", "平安巡查；纠纷联调"),
    ("车谷汽车零部件有限公司", "enterprise", "卫主任", "企业党员结对；节日慰问"),
    ("江城电力服务公司", "enterprise", "蒋工", "用电安全检查"),
    ("晨光律师事务所", "enterprise", "沈律师", "每周法律咨询"),
    ("暖阳社工服务中心", "social-org", "韩社工", "个案辅导；志愿者培训"),
    ("彩虹公益协会", "social-org", "杨会长", "公益创投项目"),
    ("银龄互助会", "social-org", "朱会长", "老年文娱活动"),
    ("同心快递站", "merchant", "秦站长", "骑手巡楼报告隐患"),
    ("鲜丰菜市场", "merchant", "尤经理", "便民节摊位"),
    ("康宁大药房", "merchant", "许药师", "药品咨询；血压测量"),
    ("车谷图书馆分馆", "public-body", "何馆长", "流动图书角"),
    ("非遗剪纸工作室", "social-org", "吕老师", "非遗体验课"),
    ("城南燃气服务站", "enterprise", "施师傅", "燃气安全入户检查"),
    ("青禾幼儿园", "school", "张园长", "亲子活动场地"),
    ("邻里书画社", "social-org", "孔社长", "书画培训"),
    ("众联通信营业厅", "enterprise", "曹经理", "老年人智能手机课堂"),
]
PROPERTY = 3  # index of the property company in PARTNERS

# Services of the convenience festival beyond the built-in service types (vocab.csv).
EXTRA_SERVICES = [
    ("summer-class", "暑期课堂", "Summer classes"), ("paper-cutting", "剪纸体验", "Paper cutting"),
    ("calligraphy", "书法写春联", "Calligraphy"), ("phone-class", "智能手机课堂", "Smartphone class"),
    ("knife-sharpening", "磨刀磨剪", "Knife sharpening"), ("mending", "缝补衣物", "Mending"),
    ("blood-pressure", "量血压测血糖", "Blood pressure check"), ("eye-check", "视力检查", "Eye check"),
    ("medicine-advice", "用药咨询", "Medicine advice"), ("gas-safety", "燃气安全检查", "Gas safety"),
    ("power-safety", "用电安全检查", "Electrical safety"), ("anti-fraud", "防诈骗宣传", "Anti-fraud advice"),
    ("id-photo", "证件照拍摄", "ID photos"), ("book-corner", "流动图书角", "Mobile library"),
    ("job-fair", "就业招聘", "Job fair"), ("policy-advice", "政策咨询", "Policy advice"),
]
BUILTIN_SERVICES = ["haircut", "repair", "legal", "tutoring", "heritage", "health-check"]

CASE_TYPES = [("neighbour", 45), ("property-management", 20), ("marriage-family", 10), ("damages", 8),
              ("housing-land", 5), ("contract", 4), ("labour", 3), ("other", 5)]
CASE_TITLES = {
    "neighbour": ["楼上漏水", "楼道堆物", "宠物扰民", "装修噪音", "共用水管维修费", "占用公共空间", "晾晒滴水", "广场舞噪音"],
    "property-management": ["物业费争议", "停车位收费", "电梯维修分摊", "二次供水收费", "公共维修资金使用"],
    "marriage-family": ["赡养老人", "家庭财产分割", "夫妻矛盾", "子女抚养"],
    "damages": ["高空坠物砸车", "电动车剐蹭", "宠物咬伤", "漏水损坏家具"],
    "housing-land": ["房屋租赁纠纷", "违章搭建", "房屋买卖过户"],
    "contract": ["装修合同纠纷", "家政服务费"],
    "labour": ["拖欠工资", "工伤赔偿"],
    "other": ["其他纠纷", "网购纠纷"],
}
CASE_SOURCES = [("application", 35), ("initiative", 15), ("grid-patrol", 25), ("hotline", 12), ("police", 6),
                ("government", 5), ("court", 2)]
MODES = [("private", 55), ("online", 20), ("offline", 20), ("public", 5)]

# Need titles per category; "{b}" is a building number.
NEEDS = {
    "elderly-care": ["{b}栋老人助餐送餐", "{b}栋楼梯加装扶手", "老年食堂增加菜品", "独居老人定期探访"],
    "children": ["暑期托管班", "{b}栋旁儿童游乐设施维修", "放学后课业辅导"],
    "health": ["社区义诊增加频次", "慢病上门随访", "家庭医生签约咨询"],
    "environment": ["{b}栋垃圾清运不及时", "{b}栋下水道堵塞", "绿化带杂草清理", "{b}栋楼道小广告清理"],
    "property": ["{b}栋物业报修响应慢", "{b}栋电梯故障", "物业费公示", "{b}栋二次供水水压低"],
    "facilities": ["{b}栋楼道灯不亮", "{b}栋单元门禁损坏", "{b}栋屋顶漏水", "休闲座椅维修"],
    "parking": ["小区停车难", "{b}栋电动车充电桩", "非机动车乱停放", "{b}栋消防通道被占"],
    "safety": ["{b}栋楼道电动车充电隐患", "夜间巡逻", "{b}栋监控探头损坏", "防诈骗宣传"],
    "culture": ["广场舞场地协调", "老年书画班", "读书角开放时间", "节日文艺演出"],
    "employment": ["就业信息发布", "灵活就业技能培训", "退休人员再就业"],
    "assistance": ["困难家庭帮扶", "残疾人出行帮助", "临时救助申请"],
    "convenience": ["便民理发", "家电维修服务", "快递代收点", "老人智能手机教学"],
}
CATEGORY_PARTNER = {  # who takes a need of this category on (partner index)
    "elderly-care": 16, "children": 1, "health": 0, "environment": 3, "property": 3, "facilities": 3,
    "parking": 3, "safety": 10, "culture": 24, "employment": 11, "assistance": 14, "convenience": 7,
}

# The 10 self-governing volunteer teams and the 10 projects under the 4 post types.
TEAMS = [
    ("金牌调解志愿服务队", "2021-05-01", "邻里纠纷调解：一对一私密协商，线上加线下"),
    ("帮帮龙志愿服务队", "2021-09-01", "助老助残、代买代办、小修小补"),
    ("党徽爷爷宣讲队", "2022-03-05", "老党员讲身边事，宣传居民公约"),
    ("清洁家园志愿服务队", "2022-04-22", "楼道清理、垃圾分类督导"),
    ("夕阳红文艺队", "2022-06-01", "广场舞、合唱，节日慰问演出"),
    ("爱心商户联盟", "2022-10-01", "爱心商户义剪、义修、积分兑换物品捐赠"),
    ("骑手守护队", "2023-03-01", "外卖骑手巡查隐患、为独居老人送餐"),
    ("青苗课业辅导队", "2023-07-01", "暑期课堂、课业辅导"),
    ("健康守护队", "2023-09-01", "医护义诊、健康讲座"),
    ("平安巡逻队", "2024-01-01", "夜间巡逻、电动车充电隐患排查"),
]
Stream = random.Random      # a stream of its own: draws that leave the main one as it was
EXTRA_HOURS_PER_YEAR = 4500  # on top of the 20,000 a year of the main stream
EXTRA_CASES_PER_YEAR = 57    # on top of 213: 200+ settled within the calendar year
TEAM_SHARE = [60, 90, 30, 70, 55, 35, 40, 45, 40, 65]  # members per team (520+ in all)
TEAM_SKILLS = ["mediation,law", "repair,delivery", "", "", "arts", "repair", "delivery", "teaching", "medical", ""]
PROJECTS = [  # name, post type, team index, coefficient, activity place, description
    ("楼道清洁日", "dedication", 3, 1, "各楼栋楼道", "每月第一个周六清理楼道杂物"),
    ("平安夜巡", "dedication", 9, 1.2, "小区主干道", "夜间巡逻与隐患排查"),
    ("邻里调解", "friendship", 0, 1.5, "调解室", "纠纷调解与回访"),
    ("独居老人探访", "friendship", 1, 1.2, "独居老人家中", "每周上门探访独居老人"),
    ("节日慰问演出", "friendship", 4, 1, "中心广场", "节日为老人演出"),
    ("一刻钟便民服务", "mutual-aid", 5, 1, "中心广场", "义剪、家电维修、磨刀"),
    ("爱心送餐", "mutual-aid", 6, 1.2, "养老服务中心", "为行动不便老人送餐上门"),
    ("健康义诊", "mutual-aid", 8, 1.5, "养老服务中心", "测血压血糖、健康咨询"),
    ("暑期课堂", "progress", 7, 1.2, "社区党群服务中心", "暑期托管与课业辅导"),
    ("党员宣讲", "progress", 2, 1, "社区党群服务中心", "居民公约与身边好人宣讲"),
]
REWARDS = [("洗衣液", 30, 20, 4, "2 千克装"), ("大米", 50, 10, 4, "5 千克装"), ("义剪一次", 10, "", 5, "爱心商户提供，不限数量"),
           ("家电小修一次", 20, "", 7, "爱心商户提供，不含配件"), ("毛巾", 8, 50, 4, "")]


def id_number(birth: dt.date, seq: int) -> str:
    body = f"{AREA}{birth:%Y%m%d}{seq:03d}"
    return body + CHECK[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def weighted(rnd, pairs):
    return rnd.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


class Out:
    """One CSV writer per kind, each with its header."""

    def __init__(self, folder):
        self.folder = folder
        self.files = {}
        self.w = {}

    def open(self, kind, header):
        f = open(os.path.join(self.folder, kind + ".csv"), "w", newline="", encoding="utf-8")
        self.files[kind] = f
        self.w[kind] = csv.writer(f, lineterminator="\r\n")
        self.w[kind].writerow(header)

    def close(self):
        for f in self.files.values():
            f.close()


class Ids:
    """Record ids as a fresh data file assigns them (rows are inserted in file order)."""

    def __init__(self):
        self.n = {}

    def next(self, kind):
        self.n[kind] = self.n.get(kind, 0) + 1
        return self.n[kind]


def day(d):
    return d.isoformat()


def write_vocab(out):
    out.open("vocab", ["kind", "code", "zh", "en", "active", "sort"])
    for i, (code, zh, en) in enumerate(EXTRA_SERVICES):
        out.w["vocab"].writerow(["service-type", code, zh, en, "yes", 100 + i])


class Community:
    """One copy of the community: its places and people, kept for the later kinds."""

    def __init__(self, c, scale):
        self.c = c
        self.scale = scale
        self.prefix = "" if scale == 1 else f"{c + 1}社区"
        self.grids = []        # (code, name)
        self.buildings = []    # (number, grid index, units, floors)
        self.households = []   # (address, grid index, building number, size)
        self.persons = []      # (id, name, phone, age, address, grid index, residency)
        self.partners = []     # names
        self.mediators = []    # (volunteer number, home address, joined): the mediation team (金牌调解)


def write_registry(rnd, out, ids, com, used_ids, used_phones):
    c, scale = com.c, com.scale
    building_no = 0
    grids, buildings, households, persons = (out.w[k] for k in ("grids", "buildings", "households", "persons"))
    for g in range(14):
        code = f"{g + 1:02d}" if scale == 1 else f"{c + 1:03d}{g + 1:02d}"
        name = f"{com.prefix}{GRID_NAMES[g]}网格"
        grids.writerow([code, name, f"420191001{c + 1:03d}{g + 1:03d}", ""])
        com.grids.append((code, name))
        # 4,375 households over 14 grids: about 312 per grid in 8–9 buildings.
        per_grid = 4375 // 14 + (1 if g < 4375 % 14 else 0)
        made = 0
        while made < per_grid:
            building_no += 1
            number = str(building_no) if scale == 1 else f"{c + 1}{building_no:03d}"
            units, floors = rnd.choice([(2, 6), (3, 6), (3, 7), (2, 7)])
            buildings.writerow([number, code, units, floors, ""])
            com.buildings.append((number, g, units, floors))
            for unit in range(1, units + 1):
                for floor in range(1, floors + 1):
                    for room in (1, 2):
                        if made >= per_grid:
                            break
                        made += 1
                        address = f"{number}-{unit}-{floor}{room:02d}"
                        tags = []
                        size = rnd.choices([1, 2, 3, 4], weights=[33, 42, 18, 7])[0]
                        old = rnd.random() < 0.33
                        if old and size == 1:
                            tags.append("elderly-alone")
                        if rnd.random() < 0.03:
                            tags.append("low-income")
                        phone = ""
                        if rnd.random() < 0.5:
                            phone = f"027-8{rnd.randrange(1000000, 9999999)}"
                        households.writerow([address, phone, ",".join(tags), "", ""])
                        com.households.append((address, g, number, size))
                        floating_household = rnd.random() < 0.22
                        names = set()
                        for k in range(size):
                            if old and k < 2:
                                age = rnd.randint(60, 92)
                            elif k >= 2:
                                age = rnd.randint(1, 17)
                            else:
                                age = rnd.randint(22, 59)
                            birth = TODAY - dt.timedelta(days=age * 365 + rnd.randint(0, 364))
                            male = (k % 2 == 0) if rnd.random() < 0.9 else rnd.random() < 0.5
                            name = ""
                            while not name or name in names:  # one name per household
                                name = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + (rnd.choice(GIVEN) if rnd.random() < 0.6 else "")
                            names.add(name)
                            idn = ""
                            if rnd.random() < 0.8:
                                while True:
                                    seq = rnd.randrange(0, 1000)
                                    seq = seq - (seq % 2) + (1 if male else 0)
                                    idn = id_number(birth, seq % 1000)
                                    if idn not in used_ids:
                                        used_ids.add(idn)
                                        break
                            mobile = ""
                            if 16 <= age <= 80 and rnd.random() < 0.85:
                                while True:
                                    mobile = f"1{rnd.choice('3578')}{rnd.randrange(0, 10)}{rnd.randrange(10000000, 99999999)}"
                                    if mobile not in used_phones:
                                        used_phones.add(mobile)
                                        break
                            ptags = []
                            if age >= 60 and size == 1:
                                ptags.append("elderly-alone")
                            if rnd.random() < 0.02:
                                ptags.append("disabled")
                            residency = "floating" if floating_household else rnd.choices(
                                ["registered", "permanent"], weights=[80, 20])[0]
                            # never before the birth: a child born here moved in when born
                            moved_in = max(TODAY - dt.timedelta(days=rnd.randint(30, 30 * 365)), birth).isoformat()
                            persons.writerow([name, "M" if male else "F", birth.isoformat(), mobile, idn,
                                              address, residency, ",".join(ptags), moved_in, "", ""])
                            com.persons.append((ids.next("person"), name, mobile, age, address, g, residency))


def write_partners(rnd, out, com):
    for i, (name, kind, contact, resources) in enumerate(PARTNERS):
        full = name if com.scale == 1 else f"{name}（{com.c + 1}）"
        com.partners.append(full)
        phone = f"139{com.c:04d}{i + 1:04d}" if kind != "public-body" else f"027-8{com.c:03d}{i + 1:04d}"
        since = dt.date(2019 + i % 5, 1 + (i * 5) % 12, 1)
        active, note = "yes", ""
        out.w["partners"].writerow([full, kind, contact, phone, day(since), resources, active, note])


def write_party(rnd, out, com):
    """The four-level party organisation, 471 members, and the grid roles (1+1+N, leaders)."""
    orgs, members, roles = out.w["party-orgs"], out.w["memberships"], out.w["roles"]
    committee = f"{com.prefix or '宁康园社区'}大党委" if com.scale > 1 else "宁康园社区大党委"
    orgs.writerow([committee, "committee", "", "", "", "", "", "2015-07-01", ""])
    adults = {}  # grid → candidate members (with a phone, aged 23–80)
    for p in com.persons:
        if p[2] and 23 <= p[3] <= 80:
            adults.setdefault(p[5], []).append(p)
    taken = set()

    def pick(grid, building=None, older=False):
        pool = [p for p in adults[grid] if p[0] not in taken and (building is None or p[4].split("-")[0] == building)
                and (not older or p[3] >= 50)]
        if not pool:
            return None
        p = rnd.choice(pool)
        taken.add(p[0])
        return p

    # Members: 471 = 380 resident members (spread over the grids' buildings) + 50 directly managed
    # (the committee) + 41 from partner units (enrolled into grid branches).
    kinds = ["resident"] * 380 + ["directly-managed"] * 50 + ["partner-unit"] * 41
    per_grid_resident = [380 // 14 + (1 if g < 380 % 14 else 0) for g in range(14)]
    joined_base = dt.date(2016, 1, 1)

    def joined():
        return day(joined_base + dt.timedelta(days=rnd.randint(0, 3500)))

    for g, (code, gname) in enumerate(com.grids):
        branch = f"{gname}党支部"
        secretary = pick(g, older=True)
        orgs.writerow([branch, "branch", committee, code, "", "", secretary[2], "2016-03-01", ""])
        members.writerow([secretary[2], branch, "resident", "", joined(), "", "", ""])
        grid_members = [secretary]
        buildings = [b for b in com.buildings if b[1] == g]
        groups = {}
        for b in buildings:
            group = f"{com.prefix}{b[0]}栋党小组"
            leader = pick(g, building=b[0], older=True) or pick(g)
            groups[b[0]] = group
            orgs.writerow([group, "group", branch, "", b[0], "", leader[2], "2017-05-01", ""])
            members.writerow([leader[2], group, "resident", "", joined(), "", "", ""])
            grid_members.append(leader)
        # The rest of the grid's resident members, in their building's group.
        while len(grid_members) < per_grid_resident[g]:
            p = pick(g)
            members.writerow([p[2], groups[p[4].split("-")[0]], "resident", "", joined(), "", "", ""])
            grid_members.append(p)
        # Central households (党员中心户): 4 per grid, the home of a member, under its building's group.
        centrals, homes = [], set()
        for p in rnd.sample(grid_members[1:], len(grid_members) - 1):
            if len(centrals) == 4:
                break
            if p[4] in homes:  # one central household per home
                continue
            homes.add(p[4])
            name = f"{com.prefix}{p[4]}党员中心户"
            orgs.writerow([name, "central-household", groups[p[4].split("-")[0]], "", "", p[4], p[2], "2019-07-01", ""])
            centrals.append(p)
        # The 1+1+N service team: a committee member, a public-service officer, N central households.
        committee_member, officer = grid_members[0], rnd.choice(grid_members[1:])
        roles.writerow([committee_member[2], "committee-member", code, "", "", "2021-01-01", "", "", ""])
        roles.writerow([officer[2], "officer", code, "", "", "2021-01-01", "", "", ""])
        for p in centrals:
            roles.writerow([p[2], "central-household", code, p[4], "", "2021-01-01", "", "", ""])
        roles.writerow([rnd.choice(grid_members)[2], "grid-leader", code, "", "", "2021-01-01", "", "", ""])
        # Neighbourhood leaders (邻里长), each responsible to the end for one or two buildings:
        # together they cover every building of the grid.
        leaders = rnd.sample(grid_members, len(grid_members))
        i = 0
        while i < len(buildings):
            span = 2 if i + 1 < len(buildings) and rnd.random() < 0.4 else 1
            covers = ",".join(b[0] for b in buildings[i:i + span])
            roles.writerow([leaders.pop()[2], "neighbourhood-leader", code, "", covers, "2021-03-01", "", "", ""])
            i += span
        com.members = getattr(com, "members", []) + grid_members
    # Directly managed members sit under the committee; partner-unit members under a grid branch.
    for k in range(50):
        p = pick(rnd.randrange(14))
        members.writerow([p[2], committee, "directly-managed", "", joined(), "", "", ""])
    for k in range(41):
        g = rnd.randrange(14)
        p = pick(g)
        partner = com.partners[rnd.choice([0, 1, 2, 9, 10, 11, 12, 13, 20, 22])]
        members.writerow([p[2], f"{com.grids[g][1]}党支部", "partner-unit", partner, joined(), "", "", ""])


def write_volunteers(rnd, out, com, years, hours_per_year):
    """520+ volunteers in 10 teams, the 10 projects, rewards, service hours and awards."""
    w = out.w
    pre = com.prefix
    team_names = [f"{pre}{t[0]}" for t in TEAMS]
    pool = [p for p in com.persons if p[2] and 16 <= p[3] <= 75]
    chosen = rnd.sample(pool, sum(TEAM_SHARE))
    vols = []  # (number, team index)
    k = 0
    for t, size in enumerate(TEAM_SHARE):
        for i in range(size):
            p = chosen[k]
            k += 1
            joined = dt.date(int(TEAMS[t][1][:4]), 1, 1) + dt.timedelta(days=rnd.randint(0, 700))
            joined = min(joined, TODAY - dt.timedelta(days=30))
            number = f"NKY{joined.year}{len(vols) + 1:04d}" if com.scale == 1 else f"NKY{com.c + 1:03d}{len(vols) + 1:04d}"
            via = rnd.choices(["grid-survey", "group-recommendation", "self-nomination"], weights=[45, 25, 30])[0]
            w["volunteers"].writerow([number, p[2], via, TEAM_SKILLS[t], day(joined), "active", ""])
            if t == 0:
                com.mediators.append((number, p[4], joined))
            vols.append((number, t, joined))
    for t, (name, founded, description) in enumerate(TEAMS):
        leader = next(v for v in vols if v[1] == t)
        w["teams"].writerow([team_names[t], leader[0], founded, "yes", description, ""])
    for number, t, joined in vols:
        if number == next(v for v in vols if v[1] == t)[0]:
            continue  # a team's leader is its member from the team's row
        w["team-members"].writerow([team_names[t], number, "member",
                                    day(max(joined, dt.date.fromisoformat(TEAMS[t][1]))), "", ""])
    for name, post, t, coef, place, description in PROJECTS:
        w["projects"].writerow([f"{pre}{name}", post, team_names[t], "", coef, "yes", description, ""])
    for name, cost, stock, partner, description in REWARDS:
        w["rewards"].writerow([f"{pre}{name}", cost, stock, com.partners[partner], "yes", description, ""])
    # Service hours: ~20,000 a year in entries of 1–4 hours, logged against the team's project.
    # (Hot loop of the district file: ~5 M rows at scale 100. Picking a volunteer uniformly picks
    # teams in proportion to their size; dates are indexes into a precomputed list.)
    project_of_team = {p[2]: f"{pre}{p[0]}" for p in PROJECTS}
    place_of_team = {p[2]: p[4] for p in PROJECTS}
    start = TODAY - dt.timedelta(days=365 * years)
    span = 365 * years
    days = [day(start + dt.timedelta(days=i)) for i in range(span)]
    entry = [(number, (joined - start).days, project_of_team.get(t, ""), TEAMS[t][0], place_of_team.get(t, ""),
              team_names[t]) for number, t, joined in vols]
    minutes_choices = (60, 60, 90, 120, 120, 120, 150, 180, 240)
    day_minutes = {}
    target = hours_per_year * years * 60
    total = 0
    n = 0
    tag = "" if com.scale == 1 else f"{com.c + 1}-"
    random = rnd.random
    nv = len(entry)
    batch = []
    while total < target:
        vi = int(random() * nv)
        number, joined, project, team_label, place, team = entry[vi]
        di = int(random() * span)
        if di < joined:
            continue
        minutes = minutes_choices[int(random() * 9)]
        key = vi * span + di
        used = day_minutes.get(key, 0) + minutes
        if used > 720:
            continue
        day_minutes[key] = used
        total += minutes
        n += 1
        batch.append((f"gen-{tag}{n}", number, days[di], minutes, project.removeprefix(pre) or team_label, place,
                      project, team, "", "", "社工站"))
    # The seed's 20,000+ verified hours within the calendar year: more entries, drawn from a
    # stream of their own so that every later kind stays as it was.
    more = Stream(f"hours-{com.c}")
    target += EXTRA_HOURS_PER_YEAR * years * 60
    while total < target:
        vi = int(more.random() * nv)
        number, joined, project, team_label, place, team = entry[vi]
        di = int(more.random() * span)
        if di < joined:
            continue
        minutes = minutes_choices[int(more.random() * 9)]
        key = vi * span + di
        used = day_minutes.get(key, 0) + minutes
        if used > 720:
            continue
        day_minutes[key] = used
        total += minutes
        n += 1
        batch.append((f"gen-{tag}{n}", number, days[di], minutes, project.removeprefix(pre) or team_label, place,
                      project, team, "", "", "社工站"))
    w["hours"].writerows(batch)
    # Awards of the last year: best volunteers (with bonus points), best teams, best families.
    year = TODAY.year - 1
    for number, t, _ in rnd.sample(vols, 10):
        w["awards"].writerow(["best-volunteer", year, number, "", "", "最美志愿者", 50, f"{year}-12-28", ""])
    for t in (0, 1):
        w["awards"].writerow(["best-team", year, "", team_names[t], "", "最美志愿团队", "", f"{year}-12-28", ""])
    for h in rnd.sample(com.households, 5):
        w["awards"].writerow(["best-family", year, "", "", h[0], "最美家庭", "", f"{year}-12-28", ""])


def assign_mediators(rnd, r, mediators):
    """A lead mediator from the mediation team for every case, living in no party's household,
    with an assisting one for some; a case escalated beyond the grid has its lead changed there."""
    fit = [m for m in mediators if m[1] not in r["homes"]]
    lead, assist, later = rnd.sample(fit, 3)
    opened = r["opened"]
    ends = [r[k] for k in ("agreed", "failed") if r.get(k)]
    last = min(ends + [TODAY])
    start = min(opened + dt.timedelta(days=rnd.randint(0, 2)), last)
    if r["level"] != "grid" and (last - start).days >= 6:
        handover = start + dt.timedelta(days=rnd.randint(2, (last - start).days - 2))
        parts = [f"lead:{lead[0]}@{day(start)}~{day(handover)}", f"lead:{later[0]}@{day(handover)}"]
    else:
        parts = [f"lead:{lead[0]}@{day(start)}"]
    if rnd.random() < 0.4:
        parts.append(f"assist:{assist[0]}@{day(min(start + dt.timedelta(days=rnd.randint(0, 3)), last))}")
    r["mediators"] = "; ".join(parts)


def write_cases(rnd, out, com, years, numbers):
    """200+ mediation cases a year; most settled inside the grid, some escalated, a few failed."""
    cases = out.w["cases"]
    start = TODAY - dt.timedelta(days=365 * years)
    by_grid = {}
    for p in com.persons:
        if p[2] and p[3] >= 20:
            by_grid.setdefault(p[5], []).append(p)
    homes = {}
    for h in com.households:
        homes.setdefault(h[1], []).append(h[0])
    rows = []
    for y in range(years):
        # The two long feuds of the seed, once in each year of history (so each copy has them).
        base = TODAY - dt.timedelta(days=365 * (years - 1 - y))
        water = base - dt.timedelta(days=272)   # about 2026-03-02
        g = 2
        a = rnd.choice(by_grid[g])
        rows.append(dict(opened=water, title="三年水费欠缴纠纷", type="property-management", source="application",
                         grid=g, mode="offline", level="community", since=water - dt.timedelta(days=3 * 365 + 20),
                         agreed=water + dt.timedelta(days=49), kind="written", settled="community",
                         closed=water + dt.timedelta(days=91), followup="holding", followup_on=water + dt.timedelta(days=84),
                         deadline=water + dt.timedelta(days=60),
                         parties=f"applicant:{a[2]}; respondent:org:{com.partners[PROPERTY]}", homes={a[4]},
                         summary="3栋、5栋住户与物业公司因二次供水水费分摊僵持三年，住户集体拒缴"))
        noise = base - dt.timedelta(days=202)   # about 2026-05-11
        g = 5
        a, b = rnd.sample(by_grid[g], 2)
        rows.append(dict(opened=noise, title="五年装修噪音积怨", type="neighbour", source="initiative",
                         grid=g, mode="private", level="community", since=noise - dt.timedelta(days=5 * 365 + 40),
                         agreed=noise + dt.timedelta(days=38), kind="written", settled="community",
                         closed=noise + dt.timedelta(days=80), followup="holding", followup_on=noise + dt.timedelta(days=70),
                         deadline=noise + dt.timedelta(days=60),
                         parties=f"applicant:{a[2]}; respondent:{b[2]}", homes={a[4], b[4]},
                         summary="楼上楼下因装修噪音积怨五年，一对一私密协商后达成书面协议"))
    def one_case(rnd):
        opened = start + dt.timedelta(days=rnd.randint(0, 365 * years - 1))
        ctype = weighted(rnd, CASE_TYPES)
        g = rnd.randrange(14)
        a, b = rnd.sample(by_grid[g], 2)
        parties = f"applicant:{a[2]}; "
        party_homes = {a[4]}
        if ctype == "property-management" and rnd.random() < 0.7:
            parties += f"respondent:org:{com.partners[PROPERTY]}"
        elif rnd.random() < 0.3:
            home = rnd.choice(homes[g])
            parties += f"respondent:{home}"
            party_homes.add(home)
        else:
            parties += f"respondent:{b[2]}"
            party_homes.add(b[4])
        r = dict(opened=opened, title=rnd.choice(CASE_TITLES[ctype]), type=ctype, source=weighted(rnd, CASE_SOURCES),
                 grid=g, mode=weighted(rnd, MODES), level="grid", since=opened - dt.timedelta(days=rnd.randint(0, 60)),
                 parties=parties, summary="", homes=party_homes)
        age = (TODAY - opened).days
        roll = rnd.random()
        if age < 12 or (age < 30 and roll < 0.5):
            r["status"] = rnd.choice(["open", "mediating"])
        elif roll < 0.955:
            if roll < 0.85:
                took = rnd.randint(0, 6)
            else:  # escalated to the community (or the street), settled there
                r["level"] = "street" if roll > 0.94 else "community"
                took = rnd.randint(8, 28)
            took = min(took, age - 1)
            r["agreed"] = opened + dt.timedelta(days=took)
            r["kind"] = "written" if rnd.random() < 0.6 else "oral"
            r["settled"] = r["level"]
            follow = r["agreed"] + dt.timedelta(days=rnd.randint(28, 35))
            if follow < TODAY:
                r["followup"] = "holding" if rnd.random() < 0.96 else "broken"
                r["followup_on"] = follow
                close = follow + dt.timedelta(days=rnd.randint(0, 7))
                if close < TODAY:
                    r["closed"] = close
        else:  # failed: the parties are told of arbitration, administrative and court routes
            r["level"] = rnd.choice(["community", "street"])
            r["failed"] = opened + dt.timedelta(days=min(rnd.randint(10, 30), age - 1))
            r["referral"] = rnd.choice(["arbitration", "administrative", "court"])
            close = r["failed"] + dt.timedelta(days=rnd.randint(1, 5))
            if close < TODAY:
                r["closed"] = close
        return r

    for k in range(213 * years - len(rows)):
        rows.append(one_case(rnd))
    # More cases, and every case's mediators, from a stream of their own: the main stream (and
    # so every later kind) stays as it was.
    more = Stream(f"cases-{com.c}")
    rows += [one_case(more) for k in range(EXTRA_CASES_PER_YEAR * years)]
    for r in rows:
        assign_mediators(more, r, com.mediators)
    rows.sort(key=lambda r: r["opened"])
    for r in rows:
        year = r["opened"].year
        numbers[year] = numbers.get(year, 0) + 1
        number = f"{year}-{numbers[year]:04d}"
        status = r.get("status", "")
        d = lambda key: day(r[key]) if r.get(key) else ""
        cases.writerow([number, r["title"], r["type"], r["source"], com.grids[r["grid"]][0], r["mode"], r["level"],
                        status, d("opened"), d("deadline"), d("since"), r["parties"], r["mediators"], r["summary"],
                        d("agreed"),
                        r.get("kind", ""), r.get("settled", ""), d("failed"), r.get("referral", ""), d("closed"),
                        r.get("followup", ""), d("followup_on")])


def write_needs(rnd, out, ids, com):
    """Council meetings and micro-grid halls over the last year, and the needs they raised."""
    meetings, needs = out.w["meetings"], out.w["needs"]
    start = TODAY - dt.timedelta(days=365)
    cats = list(NEEDS)
    plan = []  # (date, kind, grid index or None)
    for m in range(12):
        first = dt.date(start.year + (start.month + m) // 12, (start.month + m) % 12 + 1, 1)
        monday = first + dt.timedelta(days=(7 - first.weekday()) % 7 + 7)  # the second Monday
        if monday < TODAY:
            plan.append((monday, "council", None))
    for g in range(14):
        for q in range(4):
            d = start + dt.timedelta(days=q * 91 + 10 + g * 3)
            if d < TODAY:
                plan.append((d, "micro-grid-hall", g))
    plan.sort(key=lambda x: (x[0], x[2] if x[2] is not None else -1))
    titles = set()
    cat_cycle = 0
    need_ids = []
    for date, kind, g in plan:
        mid = ids.next("meeting")
        raised = []
        for k in range(rnd.randint(6, 9) if kind == "council" else rnd.randint(1, 2)):
            cat = cats[cat_cycle % 12] if cat_cycle < 12 else rnd.choice(cats)
            cat_cycle += 1
            gg = g if g is not None else rnd.randrange(14)
            for _ in range(20):
                b = rnd.choice([x for x in com.buildings if x[1] == gg])[0]
                title = rnd.choice(NEEDS[cat]).format(b=b)
                if (title, date, gg) not in titles:
                    break
            titles.add((title, date, gg))
            raised.append((title, cat, gg))
        place = "社区党群服务中心" if kind == "council" else f"{com.buildings[[b[1] for b in com.buildings].index(g)][0]}栋架空层"
        attendees = rnd.randint(22, 40) if kind == "council" else rnd.randint(8, 18)
        orgs = "；".join(rnd.sample([com.partners[i] for i in (0, 1, 3, 10, 14)], 2)) if kind == "council" else ""
        topics = "；".join(dict.fromkeys(t for t, _, _ in raised))
        decisions = "逐项明确承办单位和办理期限，下次议事会通报进展"
        # A council meets for the whole community (no grid); in a district file its first grid
        # tells the communities' councils apart.
        where = com.grids[g][0] if g is not None else ("" if com.scale == 1 else com.grids[0][0])
        meetings.writerow([day(date), kind, where, place, attendees, orgs, topics,
                           decisions, ""])
        for title, cat, gg in raised:
            need_ids.append(write_need(rnd, needs, ids, com, title, cat, gg, date, kind, f"M{mid}"))
    # Needs raised outside meetings: online, hotline, home visits, patrols.
    for k in range(30):
        date = start + dt.timedelta(days=rnd.randint(0, 364))
        cat = rnd.choice(cats)
        gg = rnd.randrange(14)
        b = rnd.choice([x for x in com.buildings if x[1] == gg])[0]
        title = rnd.choice(NEEDS[cat]).format(b=b)
        if (title, date, gg) in titles:
            continue
        titles.add((title, date, gg))
        need_ids.append(write_need(rnd, needs, ids, com, title, cat, gg, date,
                                   rnd.choice(["online", "hotline", "visit", "patrol"]), ""))
    return need_ids


def write_need(rnd, needs, ids, com, title, cat, g, date, channel, meeting):
    nid = ids.next("need")
    age = (TODAY - date).days
    roll = rnd.random()
    status, assignee, resolution, reason, closed, sat, public = "new", "", "", "", "", "", "no"
    partner = f"partner:{com.partners[CATEGORY_PARTNER[cat]]}"
    if age > 45 and roll < 0.72:
        status, assignee = "resolved", partner
        closed = day(date + dt.timedelta(days=rnd.randint(5, 40)))
        resolution = "已办结，结果在民意晴雨表公示"
        sat = str(rnd.choices([5, 4, 3, 2], weights=[55, 30, 11, 4])[0]) if rnd.random() < 0.8 else ""
        public = "yes"
    elif age > 20 and roll < 0.82:
        status, reason, closed, public = "declined", "不属于社区职责，已转交街道相关部门", day(date + dt.timedelta(days=rnd.randint(3, 15))), "yes"
    elif age > 10 and roll < 0.93:
        status, assignee = rnd.choice(["accepted", "in-progress"]), partner
    due = day(date + dt.timedelta(days=30 if cat not in ("property", "facilities", "parking") else 60))
    needs.writerow([title, cat, "", channel, com.grids[g][0], meeting, day(date), due, status, assignee,
                    resolution, reason, closed, sat, public, ""])
    return nid, status, date, closed


def write_services(rnd, out, ids, com, need_ids):
    """The elderly-service circle with a year of deliveries; festivals and other events; evaluations."""
    prog = f"{com.prefix}15分钟养老服务圈"
    out.w["programmes"].writerow([prog, "2025-05-01", "一中心两站点：助餐、文娱、医疗一站式服务", ""])
    east, west = com.buildings[len(com.buildings) // 4][0], com.buildings[3 * len(com.buildings) // 4][0]
    sites = [("宁康园养老服务中心", "centre", "社区党群服务中心一楼", "meal,recreation,medical"),
             ("东区站点", "station", f"{east}栋架空层", "meal,recreation"),
             ("西区站点", "station", f"{west}栋架空层", "meal,medical")]
    for name, kind, place, services in sites:
        out.w["sites"].writerow([prog, name, kind, "", place, services, ""])
    dl = out.w["deliveries"]
    start = TODAY - dt.timedelta(days=365)
    for k in range(365):
        d = day(start + dt.timedelta(days=k))
        weekday = (start + dt.timedelta(days=k)).weekday() < 5
        for s, (name, kind, _, services) in enumerate(sites):
            big = 1.0 if kind == "centre" else 0.5
            dl.writerow([d, prog, name, "meal", int(rnd.randint(28, 46) * big), "dine-in", "aged-60", ""])
            dl.writerow([d, prog, name, "meal", max(1, int(rnd.randint(3, 8) * big)), "dine-in", "low-income", ""])
            if kind == "centre":
                dl.writerow([d, prog, name, "meal", rnd.randint(2, 6), "delivered", "disabled-low-income", ""])
                dl.writerow([d, prog, name, "meal", rnd.randint(4, 10), "delivered", "aged-60", ""])
            dl.writerow([d, prog, name, "meal", rnd.randint(1, 5), "dine-in", "none", ""])
            if "recreation" in services and (weekday or kind == "centre"):
                dl.writerow([d, prog, name, "recreation", rnd.randint(12, 40), "", "", ""])
            if "medical" in services and weekday:
                dl.writerow([d, prog, name, "medical", rnd.randint(5, 18), "", "", ""])
    # Events: a convenience festival on the first Saturday of every month, with 20+ services,
    # and lectures, cultural and volunteering events between them.
    ev, evals = out.w["events"], out.w["evaluations"]
    services = BUILTIN_SERVICES + [s[0] for s in EXTRA_SERVICES]
    festival_organisers = [com.partners[i] for i in (0, 4, 5, 7, 13, 17, 18, 19, 21, 22, 25)]
    plan = []
    for m in range(12):
        first = dt.date(start.year + (start.month + m) // 12, (start.month + m) % 12 + 1, 1)
        sat = first + dt.timedelta(days=(5 - first.weekday()) % 7)
        if sat < TODAY:
            plan.append((sat, "festival"))
        mid = first + dt.timedelta(days=17)
        if mid < TODAY:
            plan.append((mid, rnd.choice(["lecture", "cultural", "volunteering", "training"])))
    plan.sort()
    # Head counts and the poorly rated items come from a stream of their own, so that the main
    # stream (and every kind it draws) stays as it was.
    more = Stream(f"events-{com.c}")
    others = {"lecture": ["防诈骗知识讲座", "居民公约宣讲", "健康养生讲座", "法律知识讲座"],
              "cultural": ["邻里文化节", "广场舞展演", "书画作品展", "中秋游园会"],
              "volunteering": ["楼道清洁日", "独居老人探访日", "垃圾分类宣传"],
              "training": ["调解员沟通技巧培训", "志愿者应急救护培训"]}
    for date, kind in plan:
        eid = ids.next("event")
        if kind == "festival":
            chosen = rnd.sample(services, rnd.randint(20, 22))
            name = f"{com.prefix}一刻钟便民节（{date.year}年{date.month}月）"
            ev.writerow([name, "convenience-festival", day(date), "", "中心广场", "",
                         ",".join(rnd.sample(festival_organisers, 5)), ",".join(chosen),
                         more.randint(350, 650), f"{len(chosen)}项服务送到家门口", ""])
            for score, weight in ((5, rnd.randint(15, 30)), (4, rnd.randint(5, 12)), (3, rnd.randint(0, 4))):
                if weight:
                    evals.writerow([f"E{eid}", day(date), score, weight, "排队时间长" if score == 3 else ""])
        else:
            name = f"{com.prefix}{rnd.choice(others[kind])}（{date.month}月）"
            ev.writerow([name, kind, day(date), "", "社区党群服务中心", "", com.partners[rnd.choice([0, 9, 13, 14, 16])],
                         "", more.randint(30, 120), "", ""])
            evals.writerow([f"E{eid}", day(date), rnd.choice([4, 5]), rnd.randint(5, 20), ""])
            if more.random() < 0.25:  # a few poorly rated: the barometer has something to act on
                evals.writerow([f"E{eid}", day(date), 2, more.randint(6, 14), "场地太小，后排听不清"])
                evals.writerow([f"E{eid}", day(date), 1, more.randint(3, 8), "时间安排在上班时间"])
    for nid, status, raised, closed in need_ids:
        if status == "resolved":
            evals.writerow([f"N{nid}", closed, rnd.choices([5, 4, 3], weights=[60, 30, 10])[0], rnd.randint(3, 15), ""])
            if more.random() < 0.06:
                evals.writerow([f"N{nid}", closed, more.choice([1, 2]), more.randint(8, 20), "拖了太久，问题反复"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=int, default=1, help="copies of the community (100: a district)")
    ap.add_argument("--years", type=int, default=None, help="years of case history (default 1; 5 when scale > 1)")
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--out", required=True)
    ap.add_argument("--registry-only", action="store_true",
                    help="write only grids, buildings, households and persons (import benchmarks)")
    a = ap.parse_args()
    years = a.years or (1 if a.scale == 1 else 5)
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    out = Out(a.out)
    write_vocab(out)
    out.open("grids", ["code", "name", "national_code", "note"])
    out.open("buildings", ["number", "grid", "units", "floors", "note"])
    out.open("households", ["address", "phone", "tags", "moved_out", "note"])
    out.open("persons", ["name", "gender", "birth_date", "phone", "id_number", "household", "residency",
                         "tags", "moved_in", "moved_out", "note"])
    out.open("partners", ["name", "type", "contact", "phone", "since", "resources", "active", "note"])
    out.open("party-orgs", ["name", "level", "parent", "grid", "building", "household", "secretary", "founded", "note"])
    out.open("memberships", ["person", "org", "kind", "partner", "joined", "left", "reason", "note"])
    out.open("roles", ["person", "role", "grid", "household", "covers", "from", "to", "reason", "note"])
    out.open("volunteers", ["number", "person", "recruited_via", "skills", "joined", "status", "note"])
    out.open("teams", ["name", "leader", "founded", "active", "description", "note"])
    out.open("team-members", ["team", "volunteer", "role", "from", "to", "note"])
    out.open("projects", ["name", "post_type", "team", "partner", "coefficient", "active", "description", "note"])
    out.open("rewards", ["name", "cost", "stock", "partner", "active", "description", "note"])
    out.open("hours", ["external_key", "volunteer", "date", "minutes", "activity", "place", "project", "team",
                       "served", "content", "recorder"])
    out.open("awards", ["kind", "year", "volunteer", "team", "household", "title", "bonus_points", "granted_on", "note"])
    out.open("cases", ["number", "title", "type", "source", "grid", "mode", "level", "status", "opened_on", "deadline",
                       "dispute_since", "parties", "mediators", "summary", "agreed_on", "agreement_kind", "settled_level",
                       "failed_on", "referral", "closed_on", "followup", "followup_on"])
    out.open("meetings", ["date", "kind", "grid", "place", "attendees", "organisations", "topics", "decisions", "note"])
    out.open("needs", ["title", "category", "description", "channel", "grid", "meeting", "raised_on", "due_on",
                       "status", "assignee", "resolution", "decline_reason", "closed_on", "satisfaction", "public",
                       "note"])
    out.open("programmes", ["name", "started", "description", "note"])
    out.open("sites", ["programme", "name", "kind", "grid", "place", "services", "note"])
    out.open("deliveries", ["date", "programme", "site", "service_type", "count", "mode", "tier", "note"])
    out.open("events", ["name", "kind", "date", "end_date", "place", "grid", "organisers", "services",
                        "participants", "description", "note"])
    out.open("evaluations", ["subject", "date", "score", "count", "comment"])
    ids = Ids()
    used_ids, used_phones, numbers = set(), set(), {}
    for c in range(a.scale):
        com = Community(c, a.scale)
        write_registry(rnd, out, ids, com, used_ids, used_phones)
        if a.registry_only:
            continue
        write_partners(rnd, out, com)
        write_party(rnd, out, com)
        write_volunteers(rnd, out, com, years, 20000)
        write_cases(rnd, out, com, years, numbers)
        need_ids = write_needs(rnd, out, ids, com)
        write_services(rnd, out, ids, com, need_ids)
    out.close()


if __name__ == "__main__":
    main()
