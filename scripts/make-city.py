#!/usr/bin/env python3
"""make-city.py - write the example city under examples/city/.

江城市: three districts, twelve streets, 66 communities.  Most communities
are scored by assessors (scores), a quarter from raw indicators, a few give
both; some fall short on one criterion, a few lack data (FG4).  The same
script writes the same bytes: rerun it after changing it, and commit both.
"""
import json
import os
import random

DISTRICTS = [("d-jn", "江南区"), ("d-jb", "江北区"), ("d-gx", "高新区")]
STREETS = {
    "d-jn": ["滨江街道", "望江街道", "南门街道", "长乐街道"],
    "d-jb": ["北关街道", "新桥街道", "红星街道", "清河街道"],
    "d-gx": ["科创街道", "金湖街道", "云谷街道", "未来街道"],
}
PLACES = ("东风 向阳 光明 新华 幸福 和平 胜利 红旗 建设 人民 解放 友谊 团结 前进 "
          "朝阳 长江 黄河 锦绣 翠苑 桃园 梅林 竹园 柳岸 金桥 银河 春晖 秋实 民主 "
          "文化 工农 铁路 电厂 纺织 钢城 园丁 书香 青年 康乐 安居 和谐 丰收 绿洲 "
          "星光 碧水 青山 玉泉 枫林 荷塘 雁塔 凤凰 龙井 麒麟 白鹭 紫荆 海棠 石榴 "
          "樱花 丁香 芙蓉 兰亭 松柏 槐树 杏坛 花园 新村 古镇").split()
CRITERIA = ["leadership", "cadres", "mechanism", "performance", "feedback"]


def score_set(rnd, short=None):
    s = {}
    for k in CRITERIA:
        v = rnd.choice([16, 16.5, 17, 17.5, 18, 18.5, 19, 19.5, 20])
        if k == short:
            v = rnd.choice([12, 13.5, 14, 15, 15.5, 15.9])
        s[k] = v
    return s


def indicators(rnd, weak=None):
    ind = {
        "team_complete": True,
        "secretary_quality": rnd.choice([0.78, 0.85, 0.92]),
        "democratic_life_meetings": 2,
        "report_rate": rnd.choice([0.76, 0.82, 0.88, 0.93]),
        "training_sessions": rnd.choice([3, 4, 5]),
        "joint_meetings": rnd.choice([3, 4, 6]),
        "three_meetings_one_lesson_rate": rnd.choice([0.88, 0.93, 0.97]),
        "service_activities": rnd.choice([9, 12, 15]),
        "practical_matters_done_rate": rnd.choice([0.9, 0.95, 1.0]),
        "satisfaction_rate": rnd.choice([0.9, 0.93, 0.96]),
        "substantiated_complaints": rnd.choice([0, 0, 1]),
    }
    if weak == "cadres":
        ind["report_rate"] = 0.55  # the seed's 80% report rate not reached
    if weak == "feedback":
        ind["satisfaction_rate"] = 0.78
    return ind


def main():
    rnd = random.Random(2025)
    here = os.path.join(os.path.dirname(__file__), "..", "examples", "city")
    names = iter(PLACES)
    communities, streets = [], []
    n = 0
    for did, dname in DISTRICTS:
        for si, sname in enumerate(STREETS[did]):
            sid = "%s-s%d" % (did, si + 1)
            streets.append((sid, sname + "党工委", did))
            for ci in range(rnd.choice([5, 5, 6, 6])):
                n += 1
                kind = "党委" if rnd.random() < 0.4 else "党支部"
                rec = {"id": "c-%03d" % n,
                       "name": next(names) + "社区" + kind,
                       "parent": sid, "period": "2025"}
                roll = rnd.random()
                short = rnd.choice(CRITERIA) if roll < 0.55 else None
                if n % 4 == 0:
                    weak = short if short in ("cadres", "feedback") else None
                    rec["indicators"] = indicators(rnd, weak)
                    if n % 8 == 0:  # assessors scored one criterion too
                        rec["scores"] = {"leadership": 18.5}
                else:
                    rec["scores"] = score_set(rnd, short)
                communities.append(rec)
    # FG4: three communities whose data did not arrive in full
    communities[9]["scores"].pop("feedback")
    communities[22]["scores"].pop("mechanism")
    communities[22]["scores"].pop("performance")
    for rec in communities:
        if "indicators" in rec and rec["id"] == "c-036":
            rec["indicators"].pop("satisfaction_rate")
    # decimal edges: exactly at the bar, and a sum of 19.9 + 0.1 style parts
    communities[1]["scores"] = {"leadership": 16, "cadres": 16.0,
                                "mechanism": 16.00, "performance": 16,
                                "feedback": 16}
    with open(os.path.join(here, "communities.ndjson"), "w") as f:
        for rec in communities:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    with open(os.path.join(here, "streets.ndjson"), "w") as f:
        for sid, sname, did in streets:
            rec = {"id": sid, "name": sname, "parent": did, "period": "2025",
                   "scores": {"leadership": rnd.choice([13, 13.5, 14, 14.5]),
                              "cadres": rnd.choice([12, 12.5, 13, 14]),
                              "mechanism": rnd.choice([12, 13, 14]),
                              "performance": rnd.choice([12.5, 13, 14]),
                              "feedback": rnd.choice([11.5, 12, 13, 14])}}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
