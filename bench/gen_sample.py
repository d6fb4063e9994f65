#!/usr/bin/env python3
"""Writes the sample community's CSV files (the seed's scale: 14 grids, ~4,375 households,
~8,725 residents), or N copies of it for a district-sized benchmark file (--scale N).

Deterministic from --seed. All names, phone numbers and ID numbers are invented; ID numbers
carry valid GB 11643 check digits but fictitious area codes and sequence numbers.

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


def id_number(birth: dt.date, seq: int) -> str:
    body = f"{AREA}{birth:%Y%m%d}{seq:03d}"
    return body + CHECK[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def writer(out, name):
    f = open(os.path.join(out, name), "w", newline="", encoding="utf-8")
    return f, csv.writer(f, lineterminator="\r\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    today = dt.date(2026, 11, 29)

    gf, grids = writer(a.out, "grids.csv")
    bf, buildings = writer(a.out, "buildings.csv")
    hf, households = writer(a.out, "households.csv")
    pf, persons = writer(a.out, "persons.csv")
    grids.writerow(["code", "name", "national_code", "note"])
    buildings.writerow(["number", "grid", "units", "floors", "note"])
    households.writerow(["address", "phone", "tags", "moved_out", "note"])
    persons.writerow(["name", "gender", "birth_date", "phone", "id_number", "household", "residency",
                      "tags", "moved_in", "moved_out", "note"])
    used_ids = set()
    used_phones = set()
    for c in range(a.scale):
        building_no = 0
        for g in range(14):
            code = f"{g + 1:02d}" if a.scale == 1 else f"{c + 1:03d}{g + 1:02d}"
            national = f"420191001{c + 1:03d}{g + 1:03d}"
            grids.writerow([code, f"{GRID_NAMES[g]}网格" if a.scale == 1 else f"{c + 1}社区{GRID_NAMES[g]}网格",
                            national, ""])
            # 4,375 households over 14 grids: about 312 per grid in 8–9 buildings.
            per_grid = 4375 // 14 + (1 if g < 4375 % 14 else 0)
            made = 0
            while made < per_grid:
                building_no += 1
                number = str(building_no) if a.scale == 1 else f"{c + 1}{building_no:03d}"
                units, floors = rnd.choice([(2, 6), (3, 6), (3, 7), (2, 7)])
                buildings.writerow([number, code, units, floors, ""])
                for unit in range(1, units + 1):
                    for floor in range(1, floors + 1):
                        for room in (1, 2):
                            if made >= per_grid:
                                break
                            made += 1
                            address = f"{number}-{unit}-{floor}{room:02d}"
                            tags = []
                            size = rnd.choices([1, 2, 3, 4], weights=[32, 42, 19, 7])[0]
                            old = rnd.random() < 0.33
                            if old and size == 1:
                                tags.append("elderly-alone")
                            if rnd.random() < 0.03:
                                tags.append("low-income")
                            phone = ""
                            if rnd.random() < 0.5:
                                phone = f"027-8{rnd.randrange(1000000, 9999999)}"
                            households.writerow([address, phone, ",".join(tags), "", ""])
                            floating_household = rnd.random() < 0.22
                            names = set()
                            for k in range(size):
                                if old and k < 2:
                                    age = rnd.randint(60, 92)
                                elif k >= 2:
                                    age = rnd.randint(1, 17)
                                else:
                                    age = rnd.randint(22, 59)
                                birth = today - dt.timedelta(days=age * 365 + rnd.randint(0, 364))
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
                                moved_in = (today - dt.timedelta(days=rnd.randint(30, 30 * 365))).isoformat()
                                persons.writerow([name, "M" if male else "F", birth.isoformat(), mobile, idn,
                                                  address, residency, ",".join(ptags), moved_in, "", ""])
    for f in (gf, bf, hf, pf):
        f.close()


if __name__ == "__main__":
    main()
