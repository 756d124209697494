"""A deterministic, national-scale synthetic dataset for load and query testing.

``python -m data_access.synthetic --url URL [--scale 1.0] [--seed N]``
migrates the store and fills it, when it is empty, with:

- the real divisions of ``data_access/reference/divisions.csv`` (31
  provinces, 333 cities, 2,845 counties, codes and names as GB/T 2260 and the
  map geometry have them); for ``scale`` < 1 a deterministic share of each
  province's cities and counties, always with ``KEPT_REGIONS``;
- host units (the government office and departments) per region;
- about 14,000 websites, 100,000 new-media accounts and a few hundred
  disclosure platforms (times ``scale``);
- one complete round (``items_complete``) per province per quarter,
  2020Q1..2024Q4: every site and platform checked, about 30% of accounts
  sampled, failure rates that differ by province and level and improve
  over time, repeat offenders, problems categorised by
  ``data_access.problems.categorize``, rectifications re-checked in the
  next round (the last two quarters mostly still pending), and content
  submissions per unit running a site;
- every site check scored by the national website set
  (``data_access/indicator_sets/national-2019-site.yaml``) through the
  rule (``data_access.scoring.score``): a failing site by the veto items
  its problem names (below 60 on points when none does), a passing one
  with findings losing points where its province's sites tend to, portals
  winning bonus points; the findings come from a stream of their own;
- per province and quarter, beside the checks: disclosure counts of every
  provincial and city department (notice 002's 附件5), netizen messages
  (我向省长建言 per provincial department and per city, 我为政府网站找错 per
  province and per city, notices 002 and 001), and the filing-system changes
  of accounts closed and added in that quarter (notice 001), the closed
  ones no longer checked after their closure and the added ones not before.

Everything beside the checks comes from a random stream of its own, so
that it can grow without reshuffling the checks.

Same seed and scale give the same rows (only ``imports.created_at``, the
time of the load, differs). Everything is written in one transaction with
ids assigned here, in large ``executemany`` batches.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import itertools
import math
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from data_access import check_counts
from data_access import schema as s
from data_access.cli import ChineseArgumentParser, Refused, run
from data_access.db import make_engine, migrate
from data_access.indicator_sets import default_set_id, install_shipped, load_set
from data_access.periods import Period
from data_access.problems import categorize
from data_access.scoring import Finding, Indicator, IndicatorSet, score
from data_access.units import dept_type

DEFAULT_SEED = 20240601
FIRST_PERIOD = Period(2020, 1)
QUARTERS = 20  # 2020Q1 .. 2024Q4
SITES_PER_SCALE = 14_000
ACCOUNTS_PER_SCALE = 100_000
PLATFORMS_PER_SCALE = 380
ACCOUNT_SAMPLE_SHARE = 0.30
BATCH_ROWS = 50_000
# Accounts that close, or open, at some quarter after the first: about 1% and 0.8% of accounts a quarter.
ACCOUNT_CLOSED_SHARE = 0.20
ACCOUNT_ADDED_SHARE = 0.15

# The real provinces, cities and counties (GB/T 2260), derived with the map
# geometry by assets/geo/build.py.
DIVISIONS_CSV = Path(__file__).resolve().parent / "reference" / "divisions.csv"

# code, short name, notice-number prefix, portal domain
PROVINCES: tuple[tuple[str, str, str, str], ...] = (
    ("110000", "北京", "京", "beijing"),
    ("120000", "天津", "津", "tj"),
    ("130000", "河北", "冀", "hebei"),
    ("140000", "山西", "晋", "shanxi"),
    ("150000", "内蒙古", "内", "nmg"),
    ("210000", "辽宁", "辽", "ln"),
    ("220000", "吉林", "吉", "jl"),
    ("230000", "黑龙江", "黑", "hlj"),
    ("310000", "上海", "沪", "shanghai"),
    ("320000", "江苏", "苏", "jiangsu"),
    ("330000", "浙江", "浙", "zj"),
    ("340000", "安徽", "皖", "ah"),
    ("350000", "福建", "闽", "fujian"),
    ("360000", "江西", "赣", "jiangxi"),
    ("370000", "山东", "鲁", "shandong"),
    ("410000", "河南", "豫", "henan"),
    ("420000", "湖北", "鄂", "hubei"),
    ("430000", "湖南", "湘", "hunan"),
    ("440000", "广东", "粤", "gd"),
    ("450000", "广西", "桂", "gxzf"),
    ("460000", "海南", "琼", "hainan"),
    ("500000", "重庆", "渝", "cq"),
    ("510000", "四川", "川", "sc"),
    ("520000", "贵州", "黔", "guizhou"),
    ("530000", "云南", "云", "yn"),
    ("540000", "西藏", "藏", "xizang"),
    ("610000", "陕西", "陕", "shaanxi"),
    ("620000", "甘肃", "甘", "gansu"),
    ("630000", "青海", "青", "qinghai"),
    ("640000", "宁夏", "宁", "nx"),
    ("650000", "新疆", "新", "xinjiang"),
)
MUNICIPALITIES = ("110000", "120000", "310000", "500000")
# Regions the notices are about, kept in every scaled-down subset: Jiujiang
# (notice 001), De'an county (site 3604260037 in notice 000), Suizhou (notice 004).
KEPT_REGIONS = ("360400", "360426", "421300")
# What account names drop from a region's name: 九江市 -> 九江, 恩施土家族苗族自治州 -> 恩施.
_ETHNIC_GROUPS = (
    "土家|苗|藏|彝|壮|布依|侗|瑶|白|哈尼|傣|傈僳|佤|拉祜|纳西|景颇|蒙古|回|哈萨克|柯尔克孜|朝鲜|满|达斡尔|"
    "鄂伦春|鄂温克|畲|黎|羌|仡佬|水|毛南|仫佬|各|独龙|怒|普米|保安|东乡|撒拉|土|裕固|锡伯|塔吉克|布朗|阿昌|德昂"
)
_AUTONOMOUS = re.compile(rf"^(.+?)(?:(?:{_ETHNIC_GROUPS})族?)+自治[州县旗]$")
_ENDING = re.compile(r"^(.+?)(?:族?自治[州县旗]|地区|林区|特区|新区|矿区|市|县|区|盟|旗)$")


@dataclass(frozen=True, slots=True)
class _Dept:
    province_name: str  # name at province level (厅)
    local_name: str  # name in cities and counties (局)
    abbr: str  # sub-domain of its website
    short: str  # as account names abbreviate it
    lowest: str  # lowest level that has it: province | city | county


_LEVEL_RANK = {"province": 0, "city": 1, "county": 2}
OFFICE = _Dept("人民政府办公厅", "人民政府办公室", "www", "发布", "county")
DEPARTMENTS = tuple(
    _Dept(*row.split(","))
    for row in (
        "发展和改革委员会,发展和改革委员会,fgw,发改,county",
        "教育厅,教育局,jyj,教育,county",
        "公安厅,公安局,gaj,公安,county",
        "民政厅,民政局,mzj,民政,county",
        "司法厅,司法局,sfj,司法,county",
        "财政厅,财政局,czj,财政,county",
        "人力资源和社会保障厅,人力资源和社会保障局,rsj,人社,county",
        "自然资源厅,自然资源局,zrzyj,自然资源,county",
        "生态环境厅,生态环境局,sthjj,生态环境,county",
        "住房和城乡建设厅,住房和城乡建设局,zjj,住建,county",
        "交通运输厅,交通运输局,jtj,交通,county",
        "水利厅,水利局,slj,水利,county",
        "农业农村厅,农业农村局,nyncj,农业农村,county",
        "文化和旅游厅,文化广电旅游局,wlj,文旅,county",
        "卫生健康委员会,卫生健康委员会,wjw,健康,county",
        "退役军人事务厅,退役军人事务局,tyjrswj,退役军人,county",
        "应急管理厅,应急管理局,yjglj,应急,county",
        "审计厅,审计局,sjj,审计,county",
        "市场监督管理局,市场监督管理局,scjgj,市场监管,county",
        "统计局,统计局,tjj,统计,county",
        "医疗保障局,医疗保障局,ybj,医保,county",
        "林业局,林业局,lyj,林业,county",
        "科学技术厅,科学技术局,kjj,科技,city",
        "工业和信息化厅,工业和信息化局,gxj,工信,city",
        "民族宗教事务委员会,民族宗教事务局,mzzj,民宗,city",
        "商务厅,商务局,swj,商务,city",
        "体育局,体育局,tyj,体育,city",
        "国有资产监督管理委员会,国有资产监督管理委员会,gzw,国资,city",
        "地方金融监督管理局,金融工作局,jrj,金融,city",
        "信访局,信访局,xfj,信访,city",
        "机关事务管理局,机关事务服务中心,jgswj,机关事务,city",
        "人民防空办公室,人民防空办公室,rfb,人防,city",
        "乡村振兴局,乡村振兴局,xczxj,乡村振兴,city",
        "政务服务管理局,行政审批局,zwfw,政务服务,city",
        "大数据管理局,大数据中心,dsj,大数据,city",
        "粮食和物资储备局,粮食和物资储备局,lswz,粮食,province",
        "能源局,能源局,nyj,能源,province",
        "药品监督管理局,药品监督管理局,yjj,药监,province",
        "知识产权局,知识产权局,zscqj,知识产权,province",
        "广播电视局,广播电视局,gdj,广电,province",
    )
)
OTHER_SITE_TOPICS = (
    ("公共资源交易网", "ggzy"),
    ("政务服务网", "zwfwzx"),
    ("投资促进网", "tzcj"),
    ("信用网", "credit"),
    ("数据开放网", "data"),
    ("旅游网", "tour"),
    ("人才网", "rc"),
    ("融媒体中心", "rmt"),
    ("招商网", "zs"),
    ("12345政务服务便民热线", "12345"),
)

# platform, account-ID code, labels as notices print them, share of accounts
ACCOUNT_PLATFORMS = (
    ("wechat", "WX", ("微信订阅号", "微信服务号", "微信"), 0.44),
    ("weibo", "XL", ("新浪微博",), 0.18),
    ("douyin", "DY", ("抖音短视频", "抖音"), 0.15),
    ("kuaishou", "KS", ("快手短视频", "快手"), 0.06),
    ("toutiao", "JR", ("今日头条",), 0.10),
    ("app", "YD", ("移动客户端", "其他+APP"), 0.03),
    ("miniprogram", "XC", ("微信小程序", "小程序+微信"), 0.04),
)
ACCOUNT_NAME_SUFFIXES = ("", "服务", "之声", "在线", "微报", "资讯", "视界", "工作")

SITE_LIST = "附件1 检查发现突出问题的政府网站名单"
ACCOUNT_LIST = "附件2 检查发现突出问题的政务新媒体名单"
PLATFORM_LIST = "附件3 检查发现突出问题的政府信息公开平台名单"
LIST_LABELS = {"site": SITE_LIST, "account": ACCOUNT_LIST, "platform": PLATFORM_LIST}

_COLUMNS_2W = ("图片新闻", "工作动态", "要闻动态", "部门动态", "通知公告", "审计动态", "政务要闻")
_COLUMNS_LONG = ("规划信息", "政策文件", "政府信息公开指南", "人事信息", "专项资金", "财政预决算")

# Problem texts in the notices' wording, with relative weights.
SITE_PROBLEMS: tuple[tuple[str, int], ...] = (
    ("栏目不更新", 14),
    ("多个栏目不更新", 10),
    ("有多个应更新栏目长期未更新", 6),
    *((f"“{c}”栏目超2周未更新", 2) for c in _COLUMNS_2W),
    *((f"“{c}”栏目超1年未更新", 1) for c in _COLUMNS_LONG),
    ("监测2周,首页无信息更新", 9),
    ("存在严重表述错误", 9),
    ("严重表述错误", 5),
    ("空白栏目", 4),
    ("多个栏目为空白", 3),
    ("存在不当链接", 9),
    ("互动回应差", 7),
    ("未提供网上有效咨询建言渠道", 3),
    ("站点无法访问", 6),
    ("办事指南要素缺失", 2),
    ("存在文件包含漏洞", 2),
    ("严重表述错误、多个栏目不更新", 3),
    ("严重表述错误、互动回应差", 2),
    ("监测2周,首页无信息更新;多个栏目不更新", 2),
    ("栏目不更新、空白栏目", 2),
    ("网站未按要求完成集约化迁移", 1),
)
ACCOUNT_PROBLEMS: tuple[tuple[str, int], ...] = (
    ("监测时间点前2周内无更新", 24),
    ("未及时更新", 14),
    ("信息超2周未更新", 6),
    ("未提供有效互动功能", 20),
    ("互动功能不可用", 6),
    ("严重表述错误", 10),
    ("未及时更新、未提供有效互动功能", 5),
    ("未及时更新、互动功能不可用", 2),
    ("发布非本单位信息", 2),
    ("未在全国政务新媒体信息报送系统备案", 2),
)
APP_PROBLEMS: tuple[tuple[str, int], ...] = (("APP使用异常", 10), ("未及时更新", 3), ("严重表述错误", 1))
PLATFORM_PROBLEMS: tuple[tuple[str, int], ...] = (
    ("未发布本级本部门政策文件", 6),
    ("“政府信息公开工作年度报告”栏目超1年未更新", 5),
    ("“规划信息”栏目超1年未更新", 4),
    ("“公益事业建设”栏目超1年未更新", 2),
    ("“规划信息”栏目发布非本单位信息", 2),
    ("空白栏目", 3),
)

# Failure rate, nationally, in the first and the last quarter.
FAIL_RATE = {"site": (0.08, 0.022), "account": (0.115, 0.024), "platform": (0.10, 0.035)}
LEVEL_FACTOR = {
    "site": {"province": 0.55, "city": 0.9, "county": 1.35},
    "account": {"province": 0.6, "city": 0.9, "county": 1.15},
    "platform": {"province": 0.7, "city": 1.0, "county": 1.2},
}
SITE_KIND_FACTOR = {"portal": 0.55, "department": 1.0, "other": 1.4}
REFAIL_RATE = 0.15  # an ordinary target failing again right after a failure
OFFENDER_FAIL_RATE = 0.9
OFFENDER_SHARE = {"site": 0.005, "account": 0.004, "platform": 0.01}

RECTIFIED_TEXT = {
    "rectified": "已完成整改",
    "passed_after_rectification": "整改后合格",
    "not_rectified": "未整改",
    "pending": "整改中",
}
CLOSED_TEXT = "已注销"
CLOSED_NOTES = ("机构改革撤并", "功能相近，整合关停", "长期未更新，申请注销", None)
ADDED_NOTES = (None, None, "经本级政府办公室备案")
# Departments whose 重点领域信息 (key-area information) the disclosure tables count.
KEY_AREA_DEPTS = frozenset(
    {"fgw", "czj", "zrzyj", "sthjj", "zjj", "jtj", "nyncj", "wjw", "jyj", "scjgj", "yjglj", "ybj"}
)
# Mean 我向省长建言 messages a quarter for the departments the public writes to most.
SUGGESTION_RATES = {"rsj": 6.0, "wjw": 5.0, "zjj": 4.5, "jyj": 4.0, "ybj": 3.5, "gaj": 3.0, "jtj": 2.5, "fgw": 2.0}
PROVINCE_GROUP = "省直单位"
PLACE_GROUPS = {False: "设区市", True: "区县"}  # municipalities have districts and counties under them
QUARTER_NUMERALS = "一二三四"
INSERT_ORDER = (
    s.imports,
    s.regions,
    s.units,
    s.targets,
    s.rounds,
    s.check_results,
    s.problems,
    s.check_scores,
    s.findings,
    s.rectifications,
    s.content_submissions,
    s.disclosure_stats,
    s.message_handling,
    s.registry_changes,
)


# Scores by the national website set (data_access/indicator_sets/national-2019-site.yaml), for every site check.
# Where sites lose points, by indicator: the national pattern's relative weights; each province weighs three
# indicators of its own four times as much, so each region has indicators it loses most on.
DEDUCTION_WEIGHTS = {
    "办事指南": 10,
    "可用性": 9,
    "政策解读": 8,
    "解读比例": 8,
    "解读关联": 7,
    "留言公开": 7,
    "站内搜索": 6,
    "网站标识": 6,
    "页面标签": 6,
    "其他栏目": 5,
    "办理答复": 4,
    "内容准确": 4,
    "办事统计": 4,
    "IPv6改造": 4,
    "领导信息": 3,
    "机构职能": 3,
    "概况信息": 3,
    "兼容性": 3,
    "“我为政府网站找错”（入口）": 3,
    "“我为政府网站找错”（留言办理）": 3,
    "一号登录": 3,
    "统一登录": 3,
    "表格样表": 3,
    "域名名称": 2,
    "事项公开": 2,
    "在线申请": 2,
    "动态要闻": 2,
    "政策文件": 2,
    "信息提交": 1,
}
# The smallest deduction an indicator's rules give (0.2 per broken home-page link, 0.5 per missing guide element).
DEDUCTION_STEPS = {"可用性": 0.2, "页面标签": 0.1, "网站标识": 0.5, "解读关联": 0.5, "办事指南": 0.5}
BONUS_WEIGHTS = {
    "数据发布": 6,
    "实时互动": 5,
    "解读回应": 5,
    "智能搜索": 5,
    "调查征集": 4,
    "服务功能": 4,
    "服务内容": 3,
    "服务关联": 2,
    "用户空间": 2,
    "创新发展": 1,
}
# The veto item a failing site's problem category names (data_access.problems.CATEGORIES); a problem no veto
# item covers (网站未按要求完成集约化迁移) fails the site on points instead.
VETO_OF_CATEGORY = {
    "unreachable": "站点无法访问",
    "homepage_not_updated": "首页不更新",
    "columns_not_updated": "栏目不更新",
    "empty_columns": "栏目不更新",
    "serious_error": "安全、泄密事故等严重问题",
    "improper_link": "安全、泄密事故等严重问题",
    "security": "安全、泄密事故等严重问题",
    "no_interaction": "互动回应差",
    "interaction_unusable": "互动回应差",
    "poor_response": "互动回应差",
    "service_unusable": "服务不实用",
}
NO_SERVICES_SHARE = {"portal": 0.0, "department": 0.2, "other": 0.4}  # units without external service functions
SCORING_SEED_OFFSET = 104_729


class StoreNotEmpty(RuntimeError):
    """The synthetic data is only written into an empty store."""


@dataclass(slots=True)
class _Region:
    code: str
    name: str
    level: str
    parent: str | None
    province: str
    city: str | None
    province_index: int
    governed: bool = True  # False for GB/T 2260's 市辖区 / 直辖县级行政区划 groupings
    title: str = ""  # the name units carry: districts with their city's (九江市濂溪区)
    short: str = ""  # the name account names carry, unique in the country (九江, 濂溪)
    domain: str = ""  # DNS labels under gov.cn


@dataclass(slots=True)
class _Unit:
    id: int
    region: _Region
    name: str
    number: int  # its number in the region, as account IDs carry it
    dept: _Dept


@dataclass(slots=True)
class _Target:
    id: int
    kind: str
    region: _Region
    unit: _Unit
    code: str | None
    name: str
    url: str | None = None
    label: str | None = None  # platform as printed
    site_kind: str | None = None
    platform: str | None = None
    factor: float = 1.0  # static failure-rate multiplier
    offender: tuple[int, int] | None = None  # quarters [start, end) it keeps failing
    opened_at: int = 0  # first quarter it exists (added to the filing system then, when > 0)
    closed_at: int = QUARTERS  # quarter it was closed in, when < QUARTERS; not checked from then on
    last_text: str | None = None
    failed_at: int = -1  # last quarter it failed
    checked_at: int = -1  # last quarter it was checked
    passed: bool = True  # result of that check


@dataclass(slots=True)
class _Round:
    id: int
    quarter: int
    province: _Region
    issued_on: dt.date
    rectification_due: dt.date


@dataclass(frozen=True, slots=True)
class _Choices:
    """Indicators to draw points from: (id, cap, smallest step, needs services) each, with cumulative weights."""

    items: tuple[tuple[int, float, float, bool], ...]
    cumulative: tuple[float, ...]

    @staticmethod
    def of(indicators: list[Indicator], weights: list[float], steps: dict[str, float]) -> _Choices:
        items = tuple((int(i.key), float(i.cap or 0), steps.get(i.name, 1.0), i.needs_services) for i in indicators)
        return _Choices(items, tuple(itertools.accumulate(weights)))


@dataclass(slots=True)
class _Failure:
    check_id: int
    target: _Target
    round: _Round


# The largest tables, written as plain tuples through the driver: a million findings nationally, where building
# SQLAlchemy's parameters row by row took most of their load time. Their columns, in the tuples' order.
TUPLE_COLUMNS = {
    "check_scores": (
        "check_id",
        "set_id",
        "portal",
        "has_services",
        "vetoed",
        "deducted",
        "bonus",
        "band",
        "source",
        "revision",
    ),
    "findings": ("id", "check_id", "indicator_id", "seq", "points", "counted", "note"),
}


@dataclass
class _Writer:
    """Buffers rows per table and writes them, parents first, in large executemany batches."""

    conn: sa.Connection
    buffers: dict[sa.Table, list[dict[str, Any]]] = field(default_factory=dict)
    tuples: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    pending: int = 0

    def add(self, table: sa.Table, row: dict[str, Any]) -> None:
        self.buffers.setdefault(table, []).append(row)
        self.pending += 1

    def add_tuple(self, table: sa.Table, row: tuple[Any, ...]) -> None:
        """A row of a table of TUPLE_COLUMNS, its values in that order (numbers as the driver takes them)."""
        self.tuples.setdefault(table.name, []).append(row)
        self.pending += 1

    def maybe_flush(self) -> None:
        if self.pending >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        mark = "?" if self.conn.dialect.paramstyle == "qmark" else "%s"
        for table in INSERT_ORDER:
            rows = self.buffers.get(table)
            if rows:
                self.conn.execute(table.insert(), rows)
                self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)
                rows.clear()
            plain = self.tuples.get(table.name)
            if plain:
                columns = TUPLE_COLUMNS[table.name]
                statement = (
                    f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
                )
                self.conn.exec_driver_sql(statement, plain)
                self.counts[table.name] = self.counts.get(table.name, 0) + len(plain)
                plain.clear()
        self.pending = 0


def _weighted(rng: random.Random, items: tuple[tuple[str, int], ...]) -> str:
    total = sum(weight for _, weight in items)
    pick = rng.random() * total
    for text, weight in items:
        pick -= weight
        if pick < 0:
            return text
    return items[-1][0]


def _spread(rng: random.Random, total: int, bins: int, minimum: int = 0) -> list[int]:
    """``total`` split over ``bins`` roughly evenly (random weights), each at least ``minimum``."""
    if bins <= 0:
        return []
    counts = [minimum] * bins
    rest = total - minimum * bins
    if rest <= 0:
        return counts
    weights = [0.6 + 0.8 * rng.random() for _ in range(bins)]
    scale = rest / sum(weights)
    shares = [w * scale for w in weights]
    floors = [int(x) for x in shares]
    for i, value in enumerate(floors):
        counts[i] += value
    order = sorted(range(bins), key=lambda i: shares[i] - floors[i], reverse=True)
    for i in order[: rest - sum(floors)]:
        counts[i] += 1
    return counts


def _short_name(name: str) -> str:
    """``name`` without its ending, unless that leaves a single character (城区, 泾县)."""
    match = _AUTONOMOUS.match(name) or _ENDING.match(name)
    base = match.group(1) if match else name
    return base if len(base) >= 2 else name


def _divisions() -> list[_Region]:
    """Every division of ``DIVISIONS_CSV``, parents first, with the names and domains targets use.

    Names are settled here, on the whole country, so that a scaled-down store
    names a region as the full one does. A district is titled with its city
    (九江市濂溪区人民政府), as such units sign themselves; the short name of
    account names is the bare name (濂溪发布) unless another region shares it
    (鼓楼 -> 南京鼓楼). Domains are the region code under the province's
    domain (www.360426.jiangxi.gov.cn): real ones would need the pinyin of
    every name, and the code keeps them valid and distinct.
    """
    with DIVISIONS_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    meta = {code: (short, domain) for code, short, _prefix, domain in PROVINCES}
    index = {code: i for i, (code, *_) in enumerate(PROVINCES)}
    by_code: dict[str, _Region] = {}
    for row in rows:
        code, level, parent = row["code"], row["level"], row["parent_code"] or None
        province = code[:2] + "0000"
        region = _Region(
            code,
            row["name"],
            level,
            parent,
            province,
            None if level == "province" else (code if level == "city" else parent),
            index[province],
        )
        # GB/T 2260's 市辖区 / 县 of a municipality and 省直辖县级行政区划 have no government.
        region.governed = level != "city" or (province not in MUNICIPALITIES and code[2:4] != "90")
        by_code[code] = region
    regions = list(by_code.values())
    taken: set[str] = set()
    for r in regions:
        if r.level == "province":
            r.short, r.domain = meta[r.code]
            r.title = r.name
            taken.add(r.short)
    for level in ("city", "county"):
        at_level = [r for r in regions if r.level == level]
        # A short or full name two regions of this level share is qualified with the parent's.
        shared = {name for name, n in Counter(_short_name(r.name) for r in at_level).items() if n > 1}
        shared |= {name for name, n in Counter(r.name for r in at_level).items() if n > 1}
        for r in at_level:
            assert r.parent is not None
            parent = by_code[r.parent] if by_code[r.parent].governed else by_code[r.province]
            district = r.level == "county" and r.name.endswith("区") and not r.name.endswith(("林区", "特区"))
            r.title = parent.title + r.name if district else r.name
            base = _short_name(r.name)
            candidates = [c for c in (base, r.name) if c not in shared]
            candidates += [parent.short + base, parent.short + r.name, r.code]
            r.short = next(c for c in candidates if c not in taken)
            taken.add(r.short)
            r.domain = f"{r.code}.{by_code[r.province].domain}"
    return regions


class _Generator:
    def __init__(self, writer: _Writer, *, scale: float, seed: int, import_id: int) -> None:
        self.w = writer
        self.scale = scale
        self.rng = random.Random(seed)
        self.import_id = import_id
        self.regions: list[_Region] = []
        self.provinces: list[_Region] = []
        self.units: list[_Unit] = []
        self.units_by_region: dict[str, list[_Unit]] = {}
        self.targets: list[_Target] = []
        self.rounds: dict[tuple[int, int], _Round] = {}
        self.categories: dict[str, list[tuple[str, str]]] = {}
        self.check_id = 0
        self.problem_id = 0
        self.rectification_id = 0
        self.submission_id = 0
        # Everything beside the checks draws from its own stream (see the module's docstring).
        self.side_rng = random.Random(seed * 7919 + 17)
        # So do the findings behind each site's score, which the pass or fail of the checks decides.
        self.score_rng = random.Random(seed * 7919 + SCORING_SEED_OFFSET)
        self.finding_id = 0
        self.site_set: IndicatorSet | None = None
        self.weights: dict[int, _Choices] = {}  # province -> the deductions its sites draw
        self.bonus_choices = _Choices((), ())
        self.veto_ids: dict[str, int] = {}
        self.site_set_id = 0
        self.services: dict[int, bool] = {}
        # Numbers as the driver takes them: SQLite's has no decimals (SQLAlchemy would have made them floats).
        self.number: Any = float if writer.conn.dialect.name == "sqlite" else (lambda value: value)
        self.row_ids: Counter[str] = Counter()
        self.places: dict[str, list[_Region]] = {}

    # --- regions -------------------------------------------------------------------------

    def build_regions(self) -> None:
        """The real divisions, all of them, or for ``scale`` < 1 a deterministic share of each province's."""
        divisions = _divisions()
        provinces = [r for r in divisions if r.level == "province"]
        if [r.code for r in provinces] != [code for code, *_ in PROVINCES]:
            raise ValueError(f"{DIVISIONS_CSV} does not list the 31 provinces of PROVINCES")
        for region in provinces:
            self.provinces.append(region)
            self.regions.append(region)
            cities = [r for r in divisions if r.parent == region.code]
            counties = [r for r in divisions if r.level == "county" and r.province == region.code]
            if self.scale < 1:
                cities, counties = self._subset(cities, counties)
            kept = {c.city for c in counties}
            for city in cities:
                if city.governed or city.code in kept:  # a grouping is only there to hold counties
                    self.regions.append(city)
                    self.regions.extend(c for c in counties if c.city == city.code)

    def _subset(self, cities: list[_Region], counties: list[_Region]) -> tuple[list[_Region], list[_Region]]:
        """About ``scale`` of a province's cities and of its counties, KEPT_REGIONS always among them."""
        rng = self.rng
        n_cities = max(1, round(len(cities) * self.scale))
        n_counties = max(1, round(len(counties) * self.scale))
        chosen = [c for c in cities if c.code in {code[:4] + "00" for code in KEPT_REGIONS}]
        rest = [c for c in cities if c not in chosen]
        chosen += rng.sample(rest, max(0, min(len(rest), n_cities - len(chosen))))
        codes = {c.code for c in chosen}
        pool = [c for c in counties if c.city in codes]
        picked = [c for c in pool if c.code in KEPT_REGIONS]
        if n_counties >= len(chosen):  # every city gets a county, where it has one
            for city in sorted(codes - {c.city for c in picked}):
                under = [c for c in pool if c.city == city]
                if under:
                    picked.append(rng.choice(under))
        rest = [c for c in pool if c not in picked]
        picked += rng.sample(rest, max(0, min(len(rest), n_counties - len(picked))))
        return sorted(chosen, key=lambda r: r.code), sorted(picked, key=lambda r: r.code)

    def write_regions(self) -> None:
        for r in self.regions:
            self.w.add(
                s.regions,
                {
                    "code": r.code,
                    "name": r.name,
                    "level": r.level,
                    "parent_code": r.parent,
                    "province_code": r.province,
                    "city_code": r.city,
                },
            )

    # --- units ---------------------------------------------------------------------------

    def build_units(self) -> None:
        for region in self.regions:
            if not region.governed:
                continue
            rank = _LEVEL_RANK[region.level]
            local = region.level != "province" or region.code in MUNICIPALITIES
            depts = [OFFICE] + [d for d in DEPARTMENTS if _LEVEL_RANK[d.lowest] >= rank]
            units = []
            for number, dept in enumerate(depts, start=1):
                if dept is OFFICE:
                    title = OFFICE.province_name if region.level == "province" else OFFICE.local_name
                else:
                    title = dept.local_name if local else dept.province_name
                unit = _Unit(len(self.units) + 1, region, region.title + title, number, dept)
                self.units.append(unit)
                units.append(unit)
            self.units_by_region[region.code] = units
        for u in self.units:
            self.w.add(
                s.units, {"id": u.id, "name": u.name, "region_code": u.region.code, "dept_type": dept_type(u.name)}
            )

    # --- targets -------------------------------------------------------------------------

    def _governed(self, level: str) -> list[_Region]:
        return [r for r in self.regions if r.level == level and r.code in self.units_by_region]

    def build_targets(self) -> None:
        rng = self.rng
        governed = [r for r in self.regions if r.code in self.units_by_region]
        site_seq: dict[str, int] = {}
        sites: list[_Target] = []
        dept_site_url: dict[int, str] = {}

        def add_site(region: _Region, unit: _Unit, site_kind: str, name: str, url: str) -> None:
            site_seq[region.code] = site_seq.get(region.code, 0) + 1
            code = f"{region.code}{site_seq[region.code]:04d}"
            sites.append(_Target(0, "site", region, unit, code, name, url=url, site_kind=site_kind))

        total_sites = round(SITES_PER_SCALE * self.scale)
        for region in governed:  # a portal for every government
            office = self.units_by_region[region.code][0]
            add_site(region, office, "portal", f"{region.title}人民政府", f"http://www.{region.domain}.gov.cn")
        others = max(0, total_sites - len(sites))
        shares = {"province": 0.11, "city": 0.80, "county": 0.09}
        dept_share = {"province": 0.9, "city": 0.9, "county": 0.5}
        for level, share in shares.items():
            regions = self._governed(level)
            for region, quota in zip(regions, _spread(rng, round(others * share), len(regions)), strict=True):
                depts = self.units_by_region[region.code][1:]
                n_dept = min(len(depts), round(quota * dept_share[level]))
                for unit in sorted(rng.sample(depts, n_dept), key=lambda u: u.id):
                    url = f"http://{unit.dept.abbr}.{region.domain}.gov.cn"
                    dept_site_url[unit.id] = url
                    name = unit.name if rng.random() < 0.8 else f"{unit.name}网站"
                    add_site(region, unit, "department", name, url)
                for k in range(quota - n_dept):
                    topic, abbr = OTHER_SITE_TOPICS[k % len(OTHER_SITE_TOPICS)]
                    round_no = k // len(OTHER_SITE_TOPICS)
                    suffix = f"{round_no + 1}" if round_no else ""
                    unit = rng.choice(depts)
                    add_site(
                        region,
                        unit,
                        "other",
                        f"{region.title}{topic}{suffix}",
                        f"http://{abbr}{suffix}.{region.domain}.gov.cn",
                    )

        # Disclosure platforms: department units of provinces and cities.
        platforms: list[_Target] = []
        candidates = [u for u in self.units if u.region.level != "county" and u.dept is not OFFICE]
        n_platforms = min(len(candidates), round(PLATFORMS_PER_SCALE * self.scale))
        for unit in sorted(rng.sample(candidates, n_platforms), key=lambda u: u.id):
            site_url = dept_site_url.get(unit.id)
            platforms.append(
                _Target(
                    0,
                    "platform",
                    unit.region,
                    unit,
                    None,
                    f"{unit.name}信息公开平台",
                    url=f"{site_url}/xxgk/" if site_url else None,
                    label="信息公开平台",
                )
            )

        # Accounts.
        accounts: list[_Target] = []
        total_accounts = round(ACCOUNTS_PER_SCALE * self.scale)
        platform_weights = [(code, share) for code, _, _, share in ACCOUNT_PLATFORMS]
        acc_share = {"province": 0.07, "city": 0.30, "county": 0.63}
        account_seq: dict[tuple[int, str], int] = {}
        for level, share in acc_share.items():
            regions = self._governed(level)
            for region, quota in zip(regions, _spread(rng, round(total_accounts * share), len(regions)), strict=True):
                units = self.units_by_region[region.code]
                weights = [4.0 if u.dept is OFFICE else (2.0 if u.number <= 12 else 1.0) for u in units]
                chosen = rng.choices(units, weights=weights, k=quota)
                platforms_chosen = rng.choices(
                    [p for p, _ in platform_weights], weights=[w for _, w in platform_weights], k=quota
                )
                pairs = sorted(zip(chosen, platforms_chosen, strict=True), key=lambda p: (p[0].id, p[1]))
                for unit, platform in pairs:
                    key = (unit.id, platform)
                    account_seq[key] = account_seq.get(key, 0) + 1
                    spec = next(p for p in ACCOUNT_PLATFORMS if p[0] == platform)
                    seq = account_seq[key]
                    code = f"{region.code}M{unit.number:03d}{spec[1]}{seq:04d}"
                    label = rng.choice(spec[2])
                    suffix = ACCOUNT_NAME_SUFFIXES[(seq - 1) % len(ACCOUNT_NAME_SUFFIXES)]
                    if seq > len(ACCOUNT_NAME_SUFFIXES):
                        suffix += str(seq)
                    base = f"{region.short}{unit.dept.short}{suffix}"
                    if platform in ("app", "miniprogram"):
                        base = f"{region.short}{unit.dept.short}{'服务' if platform == 'app' else '通'}{suffix}"
                    accounts.append(_Target(0, "account", region, unit, code, base, label=label, platform=platform))

        self.targets = sites + platforms + accounts
        for index, target in enumerate(self.targets, start=1):
            target.id = index
        self._account_churn(accounts)
        self._write_targets()

    def _account_churn(self, accounts: list[_Target]) -> None:
        """Which accounts are closed, or added, after the first quarter, and when."""
        rng = self.side_rng
        for t in accounts:
            if rng.random() < ACCOUNT_ADDED_SHARE:
                t.opened_at = rng.randrange(1, QUARTERS)
            if rng.random() < ACCOUNT_CLOSED_SHARE:
                closed = rng.randrange(1, QUARTERS)
                if closed > t.opened_at:
                    t.closed_at = closed

    def _write_targets(self) -> None:
        for t in self.targets:
            self.w.add(
                s.targets,
                {
                    "id": t.id,
                    "kind": t.kind,
                    "code": t.code,
                    "name": t.name,
                    "url": t.url,
                    "site_kind": t.site_kind,
                    "platform": t.platform,
                    "platform_label": t.label,
                    "unit_id": t.unit.id,
                    "region_code": t.region.code,
                    "status": "closed" if t.closed_at < QUARTERS else "running",
                },
            )

    # --- failure model -------------------------------------------------------------------

    def build_failure_model(self) -> None:
        rng = self.rng
        n = len(self.provinces)
        order = list(range(n))
        rng.shuffle(order)
        # Five provinces consistently worse, six consistently better, the rest middling.
        self.province_factor = [0.0] * n
        for rank, index in enumerate(order):
            if rank < 5:
                self.province_factor[index] = 1.6 + 0.5 * rng.random()
            elif rank < 11:
                self.province_factor[index] = 0.45 + 0.25 * rng.random()
            else:
                self.province_factor[index] = 0.8 + 0.4 * rng.random()
        self.round_noise = [[0.75 + 0.5 * rng.random() for _ in range(QUARTERS)] for _ in range(n)]
        self.national_noise = [0.9 + 0.2 * rng.random() for _ in range(QUARTERS)]
        self.sample_share = [ACCOUNT_SAMPLE_SHARE - 0.05 + 0.1 * rng.random() for _ in range(n)]
        self.wraps_veto = [rng.random() < 0.25 for _ in range(n)]  # words problems as 单项否决(...)
        totals: dict[str, list[float]] = {}
        for t in self.targets:
            factor = self.province_factor[t.region.province_index] * LEVEL_FACTOR[t.kind][t.region.level]
            if t.site_kind:
                factor *= SITE_KIND_FACTOR[t.site_kind]
            factor *= 2.5 if rng.random() < 0.1 else 0.83  # a few sloppy operators
            t.factor = factor
            totals.setdefault(t.kind, []).append(factor)
        means = {kind: sum(values) / len(values) for kind, values in totals.items()}
        for t in self.targets:  # normalise: the national rate follows FAIL_RATE
            t.factor /= means[t.kind]
        for kind, share in OFFENDER_SHARE.items():
            pool = [t for t in self.targets if t.kind == kind]
            count = min(len(pool), max(1, round(len(pool) * share))) if pool else 0
            for t in rng.sample(pool, count):
                start = rng.randrange(0, QUARTERS - 3)
                t.offender = (start, min(QUARTERS, start + rng.randint(4, 10)))

    def fail_probability(self, t: _Target, quarter: int) -> float:
        if t.offender and t.offender[0] <= quarter < t.offender[1]:
            return OFFENDER_FAIL_RATE
        if t.failed_at == quarter - 1 and quarter > 0:
            return REFAIL_RATE
        first, last = FAIL_RATE[t.kind]
        base = first + (last - first) * quarter / (QUARTERS - 1)
        p = base * t.factor * self.round_noise[t.region.province_index][quarter] * self.national_noise[quarter]
        return min(p, 0.6)

    def problem_text(self, t: _Target) -> str:
        rng = self.rng
        if t.last_text and rng.random() < (0.8 if t.offender else 0.6):
            return t.last_text
        if t.kind == "site":
            text = _weighted(rng, SITE_PROBLEMS)
        elif t.kind == "platform":
            text = _weighted(rng, PLATFORM_PROBLEMS)
        elif t.platform == "app":
            text = _weighted(rng, APP_PROBLEMS)
        else:
            text = _weighted(rng, ACCOUNT_PROBLEMS)
        if self.wraps_veto[t.region.province_index] and t.kind != "platform":
            text = f"单项否决({text})"
        return text

    # --- rounds and checks ---------------------------------------------------------------

    def build_rounds(self) -> None:
        rng = self.rng
        for quarter in range(QUARTERS):
            period = FIRST_PERIOD.shifted(quarter)
            for p_index, province in enumerate(self.provinces):
                abbr = PROVINCES[p_index][2]
                issued = dt.date(period.year, period.quarter * 3, rng.randint(5, 25))
                due = issued + dt.timedelta(days=rng.randint(10, 20))
                whole = "全市" if province.code in MUNICIPALITIES else ("全区" if "自治区" in province.name else "全省")
                issuer = f"{province.name}人民政府办公厅"
                rnd = _Round(quarter * len(self.provinces) + p_index + 1, quarter, province, issued, due)
                self.rounds[(quarter, p_index)] = rnd
                self.w.add(
                    s.rounds,
                    {
                        "id": rnd.id,
                        "key": f"syn-{province.code}-{period.key}",
                        "issuer": issuer,
                        "scope_region_code": province.code,
                        "period": period.key,
                        "period_label": period.label,
                        "title": f"{issuer}关于{period.label}{whole}政府网站与政务新媒体检查情况的通报",
                        "notice_number": f"{abbr}府办函〔{period.year}〕{quarter % 4 * 20 + rng.randint(5, 19)}号",
                        "source": "synthetic",
                        "issued_on": issued,
                        "published_on": issued + dt.timedelta(days=rng.randint(1, 10)),
                        "rectification_due": due,
                        "report_due": due + dt.timedelta(days=5),
                        "items_complete": True,
                        "import_id": self.import_id,
                    },
                )

    def run_checks(self) -> None:
        rng = self.rng
        by_province: dict[int, tuple[list[_Target], list[_Target]]] = {}
        for p_index in range(len(self.provinces)):
            by_province[p_index] = ([], [])
        for t in self.targets:
            always, accounts = by_province[t.region.province_index]
            (accounts if t.kind == "account" else always).append(t)
        portal_name = {p.code: f"{p.name}人民政府" for p in self.provinces}
        site_units: dict[int, list[_Unit]] = {i: [] for i in by_province}
        seen: set[int] = set()
        for t in self.targets:
            if t.kind == "site" and t.unit.id not in seen:
                seen.add(t.unit.id)
                site_units[t.region.province_index].append(t.unit)
        activity = {
            u.id: (rng.uniform(2, 60), rng.uniform(0.1, 0.7), rng.random() < 0.08) for u in self.units if u.id in seen
        }

        failures: dict[int, list[_Failure]] = {i: [] for i in by_province}
        for quarter in range(QUARTERS):
            for p_index, (always, accounts) in by_province.items():
                rnd = self.rounds[(quarter, p_index)]
                share = self.sample_share[p_index] + 0.03 * (rng.random() - 0.5)
                checked = list(always)
                for t in accounts:
                    if not t.opened_at <= quarter < t.closed_at:
                        continue
                    recheck = t.failed_at == quarter - 1 and quarter > 0
                    offending = t.offender is not None and t.offender[0] <= quarter < t.offender[1]
                    if recheck or offending or rng.random() < share:
                        checked.append(t)
                new_failures: list[_Failure] = []
                list_seq = {"site": 0, "account": 0, "platform": 0}
                for t in checked:
                    self.check_id += 1
                    failed = rng.random() < self.fail_probability(t, quarter)
                    row: dict[str, Any] = {
                        "id": self.check_id,
                        "round_id": rnd.id,
                        "target_id": t.id,
                        "target_kind": t.kind,
                        "region_code": t.region.code,
                        "list_label": None,
                        "seq": None,
                        "passed": not failed,
                        "score": None,
                        "score_band": None,
                        "problem_text": None,
                        "host_unit_text": None,
                    }
                    if failed:
                        text = self.problem_text(t)
                        list_seq[t.kind] += 1
                        row.update(
                            list_label=LIST_LABELS[t.kind],
                            seq=list_seq[t.kind],
                            problem_text=text,
                            host_unit_text=t.unit.name,
                        )
                        self._problems(text)
                        t.last_text = text
                        t.failed_at = quarter
                        new_failures.append(_Failure(self.check_id, t, rnd))
                    elif t.kind == "site":
                        # The draw that used to be the score stays, so the checks' stream is unchanged; it sets how
                        # many points the site's findings lose (and, for a portal, win).
                        if t.site_kind == "portal":
                            drawn = max(60.0, min(130.0, rng.gauss(96, 11)))
                        else:
                            drawn = max(60.0, min(100.0, rng.gauss(83, 8)))
                    if t.kind == "site":
                        self._score_site(row, t, None if failed else drawn)
                    t.checked_at = quarter
                    t.passed = not failed
                    self.w.add(s.check_results, row)
                self._rectify(failures[p_index], quarter)
                failures[p_index] = new_failures
                self._submissions(rnd, site_units[p_index], portal_name[rnd.province.code], activity)
                self.w.maybe_flush()
        for p_index in by_province:
            self._rectify(failures[p_index], QUARTERS)
        self.w.flush()

    # --- scores by the national website set --------------------------------------------------

    def use_set(self, site_set: IndicatorSet) -> None:
        """Score sites by ``site_set`` (the stored national website set)."""
        self.site_set, self.site_set_id = site_set, int(site_set.key)
        self.veto_ids = {i.name: int(i.key) for i in site_set.part("veto")}
        bonus = list(site_set.part("bonus"))
        self.bonus_choices = _Choices.of(bonus, [float(BONUS_WEIGHTS.get(i.name, 1)) for i in bonus], {})

    def _province_choices(self, province_index: int) -> _Choices:
        """The deduction indicators a province's sites lose points on, and their weights."""
        if province_index not in self.weights:
            assert self.site_set is not None
            chosen = [i for i in self.site_set.part("deduct") if i.name in DEDUCTION_WEIGHTS]
            weights = [float(DEDUCTION_WEIGHTS[i.name]) for i in chosen]
            for position in self.score_rng.sample(range(len(chosen)), 3):
                weights[position] *= 4
            self.weights[province_index] = _Choices.of(chosen, weights, DEDUCTION_STEPS)
        return self.weights[province_index]

    def _has_services(self, t: _Target) -> bool:
        if t.id not in self.services:
            self.services[t.id] = self.score_rng.random() >= NO_SERVICES_SHARE[t.site_kind or "other"]
        return self.services[t.id]

    def _points(
        self, choices: _Choices, total: float, has_services: bool, *, at_least: bool = False
    ) -> dict[int, float]:
        """Points over indicators adding up to about ``total`` (``at_least`` that many), each within its cap, in
        multiples of the indicator's smallest step; one entry per indicator."""
        rng = self.score_rng
        found: dict[int, float] = {}
        left = total
        for _ in range(80):
            if left < 0.05:
                break
            position = bisect.bisect(choices.cumulative, rng.random() * choices.cumulative[-1])
            key, cap, step, needs_services = choices.items[position]
            if needs_services and not has_services:
                continue
            room = cap - found.get(key, 0.0)
            if room < step - 1e-9:
                continue
            share = 1.0 if at_least else 0.8 + 0.2 * rng.random()
            steps = max(1, min(int(room / step + 1e-9), math.ceil(min(left, room) / step * share - 1e-9)))
            amount = round(steps * step, 1)
            found[key] = round(found.get(key, 0.0) + amount, 1)
            left -= amount
        return found

    def _score_site(self, row: dict[str, Any], t: _Target, drawn: float | None) -> None:
        """Findings for a site's check, scored by the rule (data_access.scoring): a failed site by the veto items
        its problem names (or below 60 on points), a passed one losing points as ``drawn`` says."""
        assert self.site_set is not None
        rng = self.score_rng
        portal = t.site_kind == "portal"
        has_services = self._has_services(t)
        found: list[tuple[int, float | None, str | None]] = []  # indicator id, points, note
        if drawn is None:
            vetoes: dict[str, str] = {}
            for category, detail in self.categories[row["problem_text"]]:
                name = VETO_OF_CATEGORY.get(category)
                if name is not None and name not in vetoes:
                    vetoes[name] = detail
            if "服务不实用" in vetoes:
                has_services = True  # a site vetoed for its services has them
            found.extend((self.veto_ids[name], None, detail) for name, detail in vetoes.items())
            if not vetoes:
                lost = self._points(
                    self._province_choices(t.region.province_index), 41 + 9 * rng.random(), has_services, at_least=True
                )
                found.extend((key, value, None) for key, value in lost.items())
        else:
            choices = self._province_choices(t.region.province_index)
            if portal:
                lost = self._points(
                    choices, max(0.0, (100 - min(drawn, 100.0)) * 0.5 + 1 + 5 * rng.random()), has_services
                )
                won = self._points(self.bonus_choices, max(0.0, min(20.0, (drawn - 88) * 0.6 + rng.gauss(0, 2))), True)
            else:
                lost, won = self._points(choices, max(0.0, (100 - drawn) * 0.6 + rng.gauss(0, 1.5)), has_services), {}
            found.extend((key, value, None) for key, value in lost.items())
            found.extend((key, value, None) for key, value in won.items())
        decimals = [None if value is None else Decimal(f"{value:.1f}") for _, value, _ in found]
        verdict = score(
            self.site_set,
            [Finding(item[0], amount) for item, amount in zip(found, decimals, strict=True)],
            portal=portal,
            has_services=has_services,
        )
        if verdict.passed != row["passed"]:
            # A passed site's deductions never reach 40 points; a failed one is vetoed or loses more than 40.
            raise AssertionError(f"synthetic score disagrees with the check's result: {t.code} {verdict}")
        row["score"], row["score_band"] = verdict.score, verdict.high_band
        number = self.number
        check_id = row["id"]
        tuples = self.w.tuples
        tuples.setdefault("check_scores", []).append(
            (
                check_id,
                self.site_set_id,
                portal,
                has_services,
                verdict.vetoed,
                number(verdict.deducted),
                number(verdict.bonus),
                verdict.band,
                "synthetic",
                1,
            )
        )
        rows = tuples.setdefault("findings", [])
        first = self.finding_id + 1
        sqlite = number is float
        for seq, ((key, value, note), amount, counted) in enumerate(zip(found, decimals, verdict.counted, strict=True)):
            rows.append((first + seq, check_id, key, seq + 1, value if sqlite else amount, number(counted), note))
        self.finding_id += len(found)
        self.w.pending += 1 + len(found)

    def _problems(self, text: str) -> None:
        found = self.categories.get(text)
        if found is None:
            found = self.categories[text] = categorize(text)
        for category, detail in found:
            self.problem_id += 1
            self.w.add(
                s.problems,
                {"id": self.problem_id, "check_id": self.check_id, "category": category, "detail": detail},
            )

    def _rectify(self, failures: list[_Failure], quarter: int) -> None:
        """Rectification of the previous quarter's failures, re-checked in ``quarter``'s round."""
        rng = self.rng
        for f in failures:
            r = rng.random()
            recheck_share = 0.93 if quarter < QUARTERS - 1 else (0.30 if quarter == QUARTERS - 1 else 0.0)
            if r < 0.05:
                status, round_id, on = "passed_after_rectification", f.round.id, f.round.rectification_due
            elif r < 0.05 + recheck_share:
                nxt = self.rounds[(quarter, f.round.province.province_index)]
                status = "rectified" if f.target.passed else "not_rectified"
                round_id, on = nxt.id, nxt.issued_on - dt.timedelta(days=rng.randint(0, 7))
            else:
                status, round_id, on = "pending", None, None
            text = RECTIFIED_TEXT[status]
            if quarter < QUARTERS and f.target.closed_at == quarter:
                # Closed before its re-check: the closure settles it, in the round that reports the closure.
                closing = self.rounds[(quarter, f.round.province.province_index)]
                status, text, round_id, on = "rectified", CLOSED_TEXT, closing.id, closing.issued_on
            self.rectification_id += 1
            self.w.add(
                s.rectifications,
                {
                    "id": self.rectification_id,
                    "check_id": f.check_id,
                    "recheck_round_id": round_id,
                    "status": status,
                    "status_text": text,
                    "rechecked_on": on,
                },
            )

    def _submissions(
        self, rnd: _Round, units: list[_Unit], portal: str, activity: dict[int, tuple[float, float, bool]]
    ) -> None:
        rng = self.rng
        for seq, unit in enumerate(units, start=1):
            mean, rate, idle = activity[unit.id]
            zero = idle or rng.random() < 0.07
            submitted = 0 if zero else max(0, round(rng.expovariate(1 / mean)))
            adopted = min(submitted, round(submitted * min(1.0, max(0.0, rate + rng.gauss(0, 0.1)))))
            self.submission_id += 1
            self.w.add(
                s.content_submissions,
                {
                    "id": self.submission_id,
                    "round_id": rnd.id,
                    "portal": portal,
                    "unit_id": unit.id,
                    "seq": seq,
                    "submitted": submitted,
                    "adopted": adopted,
                    "adoption_rate": None,
                },
            )

    # --- beside the checks: filing-system changes, disclosure counts, netizen messages ------------

    def _next_id(self, table: sa.Table) -> int:
        self.row_ids[table.name] += 1
        return self.row_ids[table.name]

    def write_registry_changes(self) -> None:
        """One row per account added or closed, in the round of its province and quarter."""
        rng = self.side_rng
        changes = []
        for t in self.targets:
            if t.opened_at > 0:
                changes.append((t.opened_at, "added", t))
            if t.closed_at < QUARTERS:
                changes.append((t.closed_at, "closed", t))
        changes.sort(key=lambda c: (c[0], c[2].region.province_index, c[1] != "closed", c[2].id))
        for quarter, change, t in changes:
            notes = CLOSED_NOTES if change == "closed" else ADDED_NOTES
            self.w.add(
                s.registry_changes,
                {
                    "id": self._next_id(s.registry_changes),
                    "round_id": self.rounds[(quarter, t.region.province_index)].id,
                    "target_id": t.id,
                    "change": change,
                    "note": rng.choice(notes),
                },
            )
        self.w.maybe_flush()

    def _places(self, province: _Region) -> list[_Region]:
        """The governments right under a province: its cities, or a municipality's districts and counties."""
        if province.code not in self.places:
            level = "county" if province.code in MUNICIPALITIES else "city"
            self.places[province.code] = [r for r in self._governed(level) if r.province == province.code]
        return self.places[province.code]

    def write_disclosure_and_messages(self) -> None:
        """Per province round: every provincial and city department's disclosure counts, and both message channels."""
        rng = self.side_rng
        departments: dict[int, list[_Unit]] = {}
        for unit in self.units:
            if unit.dept is not OFFICE and unit.region.level != "county":
                departments.setdefault(unit.region.province_index, []).append(unit)
        activity = {
            u.id: rng.lognormvariate(4.3 if u.region.level == "province" else 3.4, 0.6)
            for units in departments.values()
            for u in units
        }
        sites: Counter[str] = Counter()
        for t in self.targets:
            if t.kind == "site":
                sites[t.region.city or t.region.province] += 1
                if t.region.level == "county" and t.region.province in MUNICIPALITIES:
                    sites[t.region.code] += 1
        for quarter in range(QUARTERS):
            period = FIRST_PERIOD.shifted(quarter)
            months = f"{period.year}年{period.quarter * 3 - 2}月—{period.quarter * 3}月"
            for p_index, province in enumerate(self.provinces):
                rnd = self.rounds[(quarter, p_index)]
                self._disclosure(rnd, departments.get(p_index, []), activity, quarter, months)
                self._suggestions(rnd, province, departments.get(p_index, []), period.label)
                self._error_reports(rnd, province, sites, quarter, period.label)
            self.w.maybe_flush()

    def _disclosure(
        self, rnd: _Round, units: list[_Unit], activity: dict[int, float], quarter: int, months: str
    ) -> None:
        rng = self.side_rng
        rows: list[tuple[int, int, dict[str, Any]]] = []
        for unit in units:
            proactive = max(1, round(activity[unit.id] * rng.uniform(0.7, 1.3)))
            key_area = unit.dept.abbr in KEY_AREA_DEPTS
            proposals = _poisson(rng, 6.0 if quarter % 4 in (1, 2) else 0.4)
            requests = _poisson(rng, 2.5 if unit.region.level == "province" else 0.8)
            pending = sum(rng.random() < 0.08 for _ in range(requests))
            rows.append(
                (
                    -proactive,
                    unit.id,
                    {
                        "unit_id": unit.id,
                        "period_text": months,
                        "proactive_total": proactive,
                        # Blank, not 0, where nothing happened: the notices print an empty cell.
                        "policy_interpretations": round(proactive * rng.uniform(0.0, 0.12)) or None,
                        "proposal_handling": proposals or None,
                        "key_area_items": round(proactive * rng.uniform(0.2, 0.6) if key_area else 0) or None,
                        "requests_on_time": (requests - pending) or None,
                        "requests_pending": pending or None,
                    },
                )
            )
        rows.sort(key=lambda row: row[:2])  # most active first, as 附件5 lists them
        for seq, (_, _, row) in enumerate(rows, start=1):
            self.w.add(
                s.disclosure_stats,
                {
                    "id": self._next_id(s.disclosure_stats),
                    "round_id": rnd.id,
                    "unit_text": None,
                    "seq": seq,
                    **row,
                },
            )

    def _message_row(self, rnd: _Round, channel: str, region: _Region, period_text: str, **values: Any) -> None:
        self.w.add(
            s.message_handling,
            {
                "id": self._next_id(s.message_handling),
                "round_id": rnd.id,
                "channel": channel,
                "region_code": region.code,
                "unit_id": None,
                "unit_text": None,
                "group_label": None,
                "seq": None,
                "period_text": period_text,
                "received": None,
                "completed": None,
                "completion_rate": None,
                "completion_rate_decimals": None,
                "avg_working_days": None,
                "on_time_rate": None,
                "on_time_rate_decimals": None,
                **values,
            },
        )

    def _suggestions(self, rnd: _Round, province: _Region, units: list[_Unit], period_text: str) -> None:
        """我向省长建言: the provincial departments and the places that received any, most first."""
        rng = self.side_rng
        own = [u for u in units if u.region.code == province.code]
        groups = [
            (PROVINCE_GROUP, [(u, u.name, _poisson(rng, SUGGESTION_RATES.get(u.dept.abbr, 0.6))) for u in own]),
            (
                PLACE_GROUPS[province.code in MUNICIPALITIES],
                [
                    (self.units_by_region[r.code][0], r.name, _poisson(rng, 2.5))
                    for r in self._places(province)
                    if r.code in self.units_by_region
                ],
            ),
        ]
        for label, rows in groups:
            listed = sorted((row for row in rows if row[2]), key=lambda row: (-row[2], row[0].id))
            for seq, (unit, printed, received) in enumerate(listed, start=1):
                completed = received - sum(rng.random() < 0.03 for _ in range(received))
                self._message_row(
                    rnd,
                    "governor_suggestion",
                    unit.region,
                    period_text,
                    unit_id=unit.id,
                    unit_text=printed,
                    group_label=label,
                    seq=seq,
                    received=received,
                    completed=completed,
                    completion_rate=Decimal(round(100 * completed / received)),
                    completion_rate_decimals=0,
                    avg_working_days=Decimal(max(1, round(rng.gauss(9, 5)))),
                )

    def _error_reports(
        self, rnd: _Round, province: _Region, sites: Counter[str], quarter: int, period_text: str
    ) -> None:
        """我为政府网站找错: one row for each place under the province and one for the whole province."""
        rng = self.side_rng
        share = 0.12 - 0.06 * quarter / (QUARTERS - 1)  # messages per site and quarter, fewer as sites improve
        places = [(r, _poisson(rng, share * sites[r.code])) for r in self._places(province)]
        own = _poisson(rng, share * sites[province.code])
        whole = (province, own + sum(received for _, received in places))
        for region, received in [whole, *places]:
            late = sum(rng.random() < 0.06 for _ in range(received))
            values: dict[str, Any] = {"received": received, "completed": received}
            if received:
                rate = Decimal(100 * (received - late) / received).quantize(Decimal("0.1"))
                decimals = 0 if rate == rate.to_integral_value() else 1
                values.update(
                    on_time_rate=rate,
                    on_time_rate_decimals=decimals,
                    avg_working_days=Decimal(max(0.5, rng.gauss(1.8, 0.6))).quantize(Decimal("0.1")),
                )
            self._message_row(rnd, "site_error_report", region, period_text, **values)


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method; the means here are small)."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, mean**0.5)))
    limit, product, k = math.exp(-mean), rng.random(), 0
    while product > limit:
        product *= rng.random()
        k += 1
    return k


def _check_empty(conn: sa.Connection) -> None:
    if conn.execute(sa.select(sa.func.count()).select_from(s.rounds)).scalar_one():
        raise StoreNotEmpty(
            "the store already holds inspection rounds; the synthetic data is only loaded into an empty store"
        )
    for table in (s.regions, s.units, s.targets):
        if conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one():
            raise StoreNotEmpty(
                f"the store already holds {table.name}; the synthetic data is only loaded into an empty store"
            )


def _reset_sequences(conn: sa.Connection) -> None:
    """PostgreSQL: move the id sequences past the ids written here."""
    for table in INSERT_ORDER:
        if "id" in table.c:
            conn.execute(
                sa.text(
                    f"select setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"coalesce((select max(id) from {table.name}), 0) + 1, false)"
                )
            )


def _fill(conn: sa.Connection, *, scale: float, seed: int) -> _Writer:
    _check_empty(conn)
    import_id = (conn.execute(sa.select(sa.func.max(s.imports.c.id))).scalar() or 0) + 1
    writer = _Writer(conn)
    writer.add(
        s.imports,
        {
            "id": import_id,
            "source": "synthetic",
            "description": f"合成的全国数据集 (data_access.synthetic, scale={scale:g}, seed={seed})",
        },
    )
    gen = _Generator(writer, scale=scale, seed=seed, import_id=import_id)
    install_shipped(conn)
    site_set = default_set_id(conn, kind="site", region_code=None)
    if site_set is None:
        raise StoreNotEmpty("the store has no national website indicator set to score the synthetic sites by")
    gen.use_set(load_set(conn, site_set))
    gen.build_regions()
    gen.write_regions()
    gen.build_units()
    gen.build_targets()
    gen.build_failure_model()
    gen.build_rounds()
    writer.flush()
    gen.run_checks()
    gen.write_registry_changes()
    gen.write_disclosure_and_messages()
    writer.flush()
    if conn.dialect.name == "postgresql":
        _reset_sequences(conn)
    return writer


def generate(engine: sa.Engine, *, scale: float = 1.0, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Fill an empty, migrated store with the synthetic dataset; rows written per table."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            # Outside the transaction: SQLite refuses to change it inside one.
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
            conn.exec_driver_sql("PRAGMA cache_size=-262144")
            conn.commit()
        try:
            with conn.begin():
                writer = _fill(conn, scale=scale, seed=seed)
                check_counts.refresh(conn)
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA synchronous=FULL")
                conn.exec_driver_sql("PRAGMA cache_size=-2000")
                conn.commit()
    # Planner statistics for the new tables.
    with engine.connect() as conn:
        if sqlite:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
        elif engine.dialect.name == "postgresql":
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    return dict(writer.counts)


MAX_SCALE = 20.0


def _run(args: argparse.Namespace) -> int:
    if not 0 < args.scale <= MAX_SCALE:
        raise Refused(f"--scale 应在 0 到 {MAX_SCALE:g} 之间（1.0 为全国规模），未做任何修改")
    started = time.perf_counter()
    engine = make_engine(args.url)
    with engine.connect() as conn:  # refuse a store with data before anything is created or migrated
        tables = set(sa.inspect(conn).get_table_names())
        if "rounds" in tables and conn.execute(sa.select(sa.func.count()).select_from(s.rounds)).scalar_one():
            raise Refused("该数据库已有检查数据，演示数据只写入空库，未做任何修改")
    migrate(engine)
    try:
        generate(engine, scale=args.scale, seed=args.seed)
    except StoreNotEmpty as exc:
        raise Refused("该数据库已有地区、单位或网站数据，演示数据只写入空库，未做任何修改") from exc
    elapsed = time.perf_counter() - started
    total = 0
    with engine.connect() as conn:
        for table in s.metadata.sorted_tables:
            count = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            total += count
            print(f"{table.name:22} {count:>10,}")
    print(f"{'total':22} {total:>10,}")
    print(f"已写入 {engine.url.render_as_string(hide_password=True)}，用时 {elapsed:.1f} 秒")
    return 0


def main(argv: list[str] | None = None) -> None:
    """``python -m data_access.synthetic --url URL [--scale 1.0] [--seed N]``; errors in one Chinese line."""
    parser = ChineseArgumentParser(prog="python -m data_access.synthetic", description="向空库写入全国规模的演示数据。")
    parser.add_argument("--url", required=True, help="数据库地址（SQLAlchemy URL）")
    parser.add_argument("--scale", type=float, default=1.0, help="规模，1.0 为全国规模（默认）")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"随机种子（默认 {DEFAULT_SEED}）")
    run(parser, _run, argv)


if __name__ == "__main__":
    main()
