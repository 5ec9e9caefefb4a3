#!/usr/bin/env python3
"""Writes dedup_gold.jsonl: already-coded event records of fictional news
reports, several differently worded reports per event, each with a "gold"
cluster label. Written by hand for khaldun (no article text is copied); run
from this directory: python3 make_dedup_gold.py > dedup_gold.jsonl

The reports vary the way real ones do: actor words and code granularity
(Iraq / IRQ vs Iraqi troops / IRQMIL), CAMEO codes within a root (190 vs 193)
or across the violence roots (18/19/20), explicit, relative or missing dates,
missing or vaguer locations (a region without coordinates vs a town with
them), different claimants. Hard negatives: the same dyad on
consecutive days, the same day in another city, another event type the same
day, a denial. Some reports carry realistic coder noise (reversed dyad,
off-by-one dates across time zones) that no date/dyad rule can recover.
"""
import json
import sys

QUAD = {"01": 1, "02": 1, "03": 1, "04": 1, "05": 1, "06": 2, "07": 2, "08": 2,
        "09": 2, "10": 3, "11": 3, "12": 3, "13": 3, "14": 3, "15": 4, "16": 4,
        "17": 4, "18": 4, "19": 4, "20": 4}
GOLD = {"010": 0.0, "036": 4.0, "042": 1.9, "043": 2.8, "057": 8.0, "061": 6.4,
        "071": 7.4, "073": 7.4, "111": -2.0, "112": -2.0, "120": -4.0, "130": -4.4, "138": -7.0,
        "145": -7.5, "173": -5.0, "180": -9.0, "181": -9.0, "183": -10.0, "186": -10.0,
        "190": -10.0, "193": -10.0, "194": -10.0, "195": -10.0, "200": -10.0}


# Approximate coordinates a gazetteer gives for towns and cities; regions
# and countries get none, as in khaldun's records.
POINTS = {"Duhok": (36.87, 42.99), "Zakho": (37.14, 42.68), "Mandera": (3.94, 41.86),
          "Mandera town": (3.94, 41.86), "Garissa": (-0.45, 39.65), "Nairobi": (-1.29, 36.82),
          "Kharkiv": (49.99, 36.23), "Manila": (14.60, 120.98), "El Fasher": (13.63, 25.35),
          "Omdurman": (15.64, 32.48)}


def m(gold, src, tgt, cameo, trig, date=None, loc=None, claim=None, neg=False):
    return dict(gold=gold, src=src, tgt=tgt, cameo=cameo, trig=trig, date=date,
                loc=loc, claim=claim, neg=neg)


D = lambda s, e=None, basis="on Monday": (s, e or s, basis)

# (doc id, outlet, published, [mentions])
DOCS = [
    ("wa-0304-1", "Wire A", "2025-03-04", [
        m("E01", ("Turkish warplanes", "TURMIL"), ("Kurdish militants", "IRQREB"), "195", "struck",
          D("2025-03-03"), ("Duhok", "IRQ")),
        m("E02", ("Iraq's foreign ministry", "IRQGOV"), ("Turkey", "TUR"), "111", "condemned",
          D("2025-03-04", basis="on Tuesday")),
    ]),
    ("dc-0303-1", "Daily C", "2025-03-03", [
        m("E01", ("Turkey", "TUR"), ("Kurdish fighters", "IRQREB"), "190", "bombed", None, ("Duhok", "IRQ"),
          claim=("the Turkish defence ministry", "TURGOV")),
    ]),
    ("hd-0305-1", "Herald D", "2025-03-05", [
        m("E01", ("Turkish jets", "TURMIL"), ("rebel positions", "IRQREB"), "195", "hit",
          D("2025-03-03", basis="two days ago")),
        m("E02", ("Baghdad", "IRQGOV"), ("Ankara", "TURGOV"), "112", "accused",
          D("2025-03-04", basis="on Tuesday")),
        m("E03", ("Turkish troops", "TURMIL"), ("Kurdish militants", "IRQREB"), "190", "clashed with",
          D("2025-03-04", basis="on Tuesday"), ("Zakho", "IRQ")),
    ]),
    ("te-0305-1", "Times E", "2025-03-05", [
        m("E03", ("Turkish soldiers", "TURMIL"), ("PKK fighters", "IRQREB"), "190", "fought",
          D("2025-03-04", basis="Tuesday"), ("Zakho", "IRQ"), claim=("a local official", None)),
        m("E04", ("Turkish troops", "TURMIL"), ("Kurdish militants", "IRQREB"), "190", "fought",
          D("2025-03-05", basis="on Wednesday"), ("Zakho", "IRQ")),
    ]),
    ("pf-0306-1", "Post F", "2025-03-06", [
        m("E04", ("Turkish forces", "TURMIL"), ("insurgents", "IRQREB"), "193", "battled",
          D("2025-03-05", basis="yesterday"), ("Zakho", "IRQ")),
        m("E02", ("The Iraqi government", "IRQGOV"), ("Turkey", "TUR"), "111", "criticised",
          D("2025-03-04", basis="earlier this week")),
    ]),
    # Kenya / Somalia: a raid, talks the same day, and a denial.
    ("ng-0410-1", "News G", "2025-04-10", [
        m("E05", ("Al-Shabaab fighters", "SOMREB"), ("a Kenyan police post", "KENCOP"), "190", "attacked",
          D("2025-04-09", basis="on Wednesday night"), ("Mandera", "KEN")),
        m("E06", ("Kenyan officials", "KENGOV"), ("Somali counterparts", "SOMGOV"), "042", "met",
          D("2025-04-09", basis="on Wednesday"), ("Nairobi", "KEN")),
    ]),
    ("rh-0410-1", "Radio H", "2025-04-10", [
        m("E05", ("Militants", "SOMREB"), ("police officers", "KENCOP"), "193", "killed",
          None, ("Mandera", "KEN"), claim=("the police commander", "KENCOP")),
    ]),
    ("ti-0411-1", "TV I", "2025-04-11", [
        m("E05", ("Al-Shabaab", "SOMREB"), ("Kenya", "KEN"), "180", "carried out an attack on",
          D("2025-04-09", basis="on Wednesday")),
        m("E07", ("Al-Shabaab", "SOMREB"), ("Kenya", "KEN"), "190", "denied attacking",
          D("2025-04-10", basis="on Thursday"), neg=True, claim=("an Al-Shabaab spokesman", "SOMREB")),
        m("E06", ("Kenya", "KEN"), ("Somalia", "SOM"), "043", "held talks with",
          D("2025-04-09", basis="on Wednesday")),
    ]),
    ("aj-0411-1", "Agency J", "2025-04-11", [
        m("E08", ("Al-Shabaab gunmen", "SOMREB"), ("Kenyan police", "KENCOP"), "190", "ambushed",
          D("2025-04-09", basis="on Wednesday"), ("Garissa", "KEN")),
        m("E05", ("gunmen", "SOMREB"), ("a police station", "KENCOP"), "190", "stormed",
          D("2025-04-09", basis="on Wednesday"), ("Mandera town", "KEN")),
    ]),
    # Ukraine / Russia: strikes on consecutive days, a reversed-dyad report.
    ("wb-0512-1", "Wire B", "2025-05-12", [
        m("E09", ("Russian forces", "RUSMIL"), ("Kharkiv", "UKR"), "195", "shelled",
          D("2025-05-11", basis="on Sunday"), ("Kharkiv", "UKR"), claim=("the regional governor", "UKRGOV")),
        m("E10", ("Ukraine", "UKRGOV"), ("Russia", "RUSGOV"), "111", "blamed",
          D("2025-05-12", basis="on Monday")),
    ]),
    ("jk-0512-1", "Journal K", "2025-05-12", [
        m("E09", ("Russia", "RUS"), ("Ukrainian civilians", "UKRCVL"), "195", "bombarded",
          D("2025-05-11", basis="Sunday"), ("Kharkiv", "UKR")),
    ]),
    ("gl-0513-1", "Gazette L", "2025-05-13", [
        m("E11", ("Russian troops", "RUSMIL"), ("Kharkiv", "UKR"), "195", "shelled",
          D("2025-05-12", basis="on Monday"), ("Kharkiv", "UKR")),
        m("E09", ("Russian artillery", "RUSMIL"), ("the city", "UKR"), "194", "pounded",
          D("2025-05-11", basis="on Sunday"), None),
    ]),
    ("wa-0513-1", "Wire A", "2025-05-13", [
        m("E11", ("Moscow's forces", "RUSMIL"), ("Ukrainian targets", "UKR"), "195", "struck",
          D("2025-05-12", basis="on Monday"), ("Kharkiv region", "UKR"), claim=("the Ukrainian military", "UKRMIL")),
        # Time-zone noise: a late-evening strike on the 12th dated the 13th.
        m("E11", ("Russia", "RUS"), ("Ukraine", "UKR"), "190", "attacked",
          D("2025-05-13", basis="overnight into Tuesday"), ("Kharkiv", "UKR")),
    ]),
    ("dc-0514-1", "Daily C", "2025-05-14", [
        # Reversed dyad: Ukraine's air defence "clashed with" Russian drones.
        m("E11", ("Ukrainian air defences", "UKRMIL"), ("Russian drones", "RUSMIL"), "190", "fought off",
          D("2025-05-12", basis="on Monday"), ("Kharkiv", "UKR")),
    ]),
    # Cooperation: aid and an agreement.
    ("te-0602-1", "Times E", "2025-06-02", [
        m("E12", ("Japan", "JPN"), ("Philippines", "PHL"), "071", "pledged aid to",
          D("2025-06-01", basis="on Sunday")),
        m("E13", ("Japan's defence minister", "JPNGOV"), ("Manila", "PHLGOV"), "057", "signed an accord with",
          D("2025-06-02", basis="on Monday"), ("Manila", "PHL")),
    ]),
    ("pf-0602-1", "Post F", "2025-06-02", [
        m("E12", ("Tokyo", "JPNGOV"), ("the Philippines", "PHL"), "073", "announced assistance for",
          D("2025-06-01", basis="on Sunday"), claim=("the Japanese embassy", "JPNGOV")),
    ]),
    ("ng-0603-1", "News G", "2025-06-03", [
        m("E13", ("Japan", "JPN"), ("the Philippines", "PHL"), "057", "signed a defence pact with",
          None, ("Manila", "PHL")),
        m("E12", ("Japan", "JPN"), ("Philippine flood victims", "PHLCVL"), "071", "sent aid to",
          D("2025-06-01", basis="on Sunday")),
    ]),
    ("rh-0604-1", "Radio H", "2025-06-04", [
        m("E13", ("Japanese and Philippine officials", "JPNGOV"), ("Philippine officials", "PHLGOV"), "057",
          "signed", D("2025-06-02", basis="on Monday")),
        m("E14", ("China", "CHNGOV"), ("Japan", "JPNGOV"), "111", "criticised",
          D("2025-06-03", basis="on Tuesday"), claim=("a Chinese foreign ministry spokesman", "CHNGOV")),
    ]),
    ("aj-0604-1", "Agency J", "2025-06-04", [
        m("E14", ("Beijing", "CHNGOV"), ("Tokyo", "JPNGOV"), "112", "accused",
          D("2025-06-03", basis="on Tuesday")),
    ]),
    # Sudan: two attacks on the same day in two cities, one week-long offensive.
    ("wb-0715-1", "Wire B", "2025-07-15", [
        m("E15", ("the Rapid Support Forces", "SDNREB"), ("civilians", "SDNCVL"), "193", "attacked",
          D("2025-07-14", basis="on Monday"), ("El Fasher", "SDN")),
        m("E16", ("RSF fighters", "SDNREB"), ("civilians", "SDNCVL"), "193", "attacked",
          D("2025-07-14", basis="on Monday"), ("Omdurman", "SDN")),
    ]),
    ("ti-0715-1", "TV I", "2025-07-15", [
        m("E15", ("paramilitaries", "SDNREB"), ("residents", "SDNCVL"), "186", "killed",
          D("2025-07-14", basis="Monday"), ("El Fasher", "SDN"), claim=("a local aid group", None)),
    ]),
    ("gl-0716-1", "Gazette L", "2025-07-16", [
        m("E16", ("the RSF", "SDNREB"), ("Omdurman residents", "SDNCVL"), "190", "shelled",
          D("2025-07-14", basis="on Monday"), ("Omdurman", "SDN")),
        m("E15", ("RSF", "SDNREB"), ("displaced people", "SDNCVL"), "200", "massacred",
          D("2025-07-14", basis="on Monday"), ("El Fasher", "SDN")),
    ]),
    ("jk-0721-1", "Journal K", "2025-07-21", [
        m("E17", ("the Sudanese army", "SDNMIL"), ("the RSF", "SDNREB"), "190", "launched an offensive against",
          D("2025-07-14", "2025-07-20", basis="last week")),
    ]),
    ("hd-0718-1", "Herald D", "2025-07-18", [
        m("E17", ("Sudan's army", "SDNMIL"), ("RSF positions", "SDNREB"), "190", "pushed back",
          D("2025-07-17", basis="on Thursday")),
    ]),
    # Diplomacy: a visit and a threat.
    ("wa-0820-1", "Wire A", "2025-08-20", [
        m("E18", ("India's prime minister", "INDGOV"), ("Nepal", "NPL"), "036", "will visit",
          D("2025-08-25", basis="next Monday")),
        m("E19", ("Pakistan", "PAKGOV"), ("India", "INDGOV"), "138", "threatened",
          D("2025-08-19", basis="on Tuesday"), claim=("Pakistan's foreign office", "PAKGOV")),
    ]),
    ("dc-0821-1", "Daily C", "2025-08-21", [
        m("E19", ("Islamabad", "PAKGOV"), ("New Delhi", "INDGOV"), "138", "warned",
          D("2025-08-19", basis="on Tuesday")),
        m("E18", ("Indian Prime Minister", "INDGOV"), ("Nepali leaders", "NPLGOV"), "036", "plans to meet",
          D("2025-08-25", basis="on Monday")),
    ]),
    ("te-0821-1", "Times E", "2025-08-21", [
        m("E19", ("Pakistan's army chief", "PAKMIL"), ("India", "IND"), "130", "warned",
          D("2025-08-20", basis="on Wednesday")),
    ]),
]


def main():
    out = sys.stdout
    for doc_id, outlet, published, mentions in DOCS:
        pos = 0
        for k, x in enumerate(mentions):
            start = pos
            s_text, s_code = x["src"]
            t_text, t_code = x["tgt"]
            trig = x["trig"]
            s_end = start + len(s_text)
            t_start = s_end + 1 + len(trig) + 1
            t_end = t_start + len(t_text)
            sent_end = t_end + 40
            cameo = x["cameo"]
            root = cameo[:2]
            rec = {
                "doc_id": doc_id,
                "event_id": f"{doc_id}:{k}",
                "sentence_index": k,
                "sentence_span": {"start": start, "end": sent_end},
                "trigger": {"text": trig, "start": s_end + 1, "end": s_end + 1 + len(trig)},
                "source": {"text": s_text, "code": s_code, "start": start, "end": s_end},
                "target": {"text": t_text, "code": t_code, "start": t_start, "end": t_end},
                "cameo": {"code": cameo, "root": root, "quad_class": QUAD[root],
                          "goldstein": GOLD[cameo]},
                "plover": None,
                "date": None if x["date"] is None else {
                    "start": x["date"][0], "end": x["date"][1], "basis": x["date"][2],
                    "historical": False},
                "attribution": {
                    "asserted_by": None if x["claim"] is None else {
                        "text": x["claim"][0], "code": x["claim"][1]},
                    "cue": None if x["claim"] is None else "said",
                    "reported_by": outlet},
                "negated": x["neg"],
                "hypothetical": False,
                "location": None if x["loc"] is None else {
                    "name": x["loc"][0], "country": x["loc"][1],
                    "lat": POINTS.get(x["loc"][0], (None, None))[0],
                    "lon": POINTS.get(x["loc"][0], (None, None))[1]},
                "published": published,
                "gold": x["gold"],
            }
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            pos = sent_end + 1


if __name__ == "__main__":
    main()
