"""The kinds of table a user can import, their columns and the header spellings real attachments use.

A kind is recognised from its header row: every field has the label our
templates print and the variants published attachments print (两行表头 joined,
whitespace removed). The reader finds the header row by these labels, and
``recognise`` ranks the kinds by how many of their fields a header names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

# Field types: how a cell is parsed and checked (see data_access.imports.records).
TEXT, INT, PERCENT, DECIMAL, DATE = "text", "int", "percent", "decimal", "date"
SITE_CODE, ACCOUNT_CODE, REGION = "site_code", "account_code", "region"


@dataclass(frozen=True)
class Field:
    """One column of a kind: its key in the record, the template's header and the other spellings."""

    name: str
    label: str
    type: str = TEXT
    required: bool = False
    variants: tuple[str, ...] = ()
    example: str = ""

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.variants)


@dataclass(frozen=True)
class Kind:
    """One kind of importable table."""

    key: str
    label: str
    fields: tuple[Field, ...]
    # A batch of this kind belongs to one round: the user (or the file's title) gives its period and region.
    needs_period: bool = True
    needs_region: bool = True
    # Fields whose presence tells this kind apart from its neighbours (e.g. 网站标识码 for sites).
    marks: tuple[str, ...] = ()
    description: str = ""
    # Columns beyond the fields are data too (a scoring sheet's one column per indicator): records keep them
    # by header, and a header that names an indicator of a shipped set counts as a mark.
    open_columns: bool = False

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _f(name: str, label: str, kind: str = TEXT, *variants: str, required: bool = False, example: str = "") -> Field:
    return Field(name, label, kind, required, variants, example)


SEQ = _f("seq", "序号", INT, "编号", "排名", example="1")
PROBLEM = _f(
    "problem",
    "主要存在问题",
    TEXT,
    "存在的突出问题",
    "存在问题",
    "主要问题",
    "突出问题",
    "问题描述",
    "存在的主要问题",
    "发现的问题",
    "存在问题（通报原文）",
    required=True,
    example="“工作动态”栏目超过2周未更新",
)
UNIT = _f(
    "unit",
    "主办单位",
    TEXT,
    "单位名称",
    "开办主体",
    "主管单位",
    "所属单位",
    "主办单位名称",
    "主办单位（通报原文）",
    example="九江市审计局",
)
REGION_COL = _f(
    "region",
    "所属地区",
    REGION,
    "所属地方或部门",
    "地区",
    "地方",
    "区划代码",
    "行政区划代码",
    "所在地区",
    example="360400",
)
RECTIFICATION = _f(
    "rectification", "抽查整改情况", TEXT, "整改情况", "整改结果", "复查结果", "复查情况", example="整改后合格"
)

SITE_FIGURE_FIELDS = (
    _f("region", "地区", REGION, "省级/设区市", "设区市", "地方", "所属地区", "单位", required=True, example="九江市"),
    _f("running", "运行网站总数", INT, "运行网站数", "政府网站总数", "网站总数", example="54"),
    _f("portal", "市级政府网站数门户", INT, "门户", "市级门户", "市级政府门户", example="1"),
    _f("department", "市级政府网站数部门", INT, "部门", "市级部门", "市级政府部门", example="40"),
    _f("county_portal", "县级及以下政府网站数县级门户", INT, "县级门户", "县级政府门户", example="13"),
    _f("below_county", "县级及以下政府网站数县级以下", INT, "县级以下", "其它政府网站", example="0"),
    _f("checked", "抽查网站数", INT, "抽查数", "检查网站数", "抽查网站数量", example="36"),
    _f("failed", "存在突出问题网站数", INT, "问题网站数", "不合格网站数", "不合格数", example="0"),
    _f("pass_rate", "合格率", PERCENT, "抽查合格率", "网站合格率", example="100%"),
    _f("sampling_share", "抽查比例", PERCENT, "抽查率", example="66.67%"),
)

ACCOUNT_FIGURE_FIELDS = (
    SITE_FIGURE_FIELDS[0],
    _f("running", "政务新媒体总数", INT, "运行政务新媒体数", "新媒体数", "政务新媒体数", example="113"),
    _f("checked", "抽查政务新媒体数", INT, "检查政务新媒体数", "抽查新媒体数", example="113"),
    _f(
        "failed",
        "存在突出问题政务新媒体数",
        INT,
        "不合格政务新媒体数",
        "问题政务新媒体数",
        "不合格新媒体数",
        example="1",
    ),
    _f("pass_rate", "合格率", PERCENT, "抽查合格率", "新媒体合格率", example="99.12%"),
    _f("sampling_share", "抽查比例", PERCENT, "抽查率", example="100%"),
)

SCORE_CODE = _f(
    "code",
    "网站标识码或账号编号",
    TEXT,
    "网站标识码",
    "政务新媒体编号",
    "账号编号",
    "标识码",
    "账号ID",
    required=True,
    example="3604260037",
)
SCORE_UNIT = _f("unit", UNIT.label, TEXT, *UNIT.variants, example="德安县发展和改革委员会")
SCORE_NAME = _f("name", "名称", TEXT, "网站名称", "账号名称", "政务新媒体名称", example="信用中国(江西德安)")
SERVICES = _f("services", "对外服务职能", TEXT, "有无对外服务职能", "是否有对外服务职能", example="有")
SCORE_KINDS = ("scores_long", "scores_wide")

KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind(
            "site_figures",
            "政府网站检查情况（各地区数字）",
            SITE_FIGURE_FIELDS,
            marks=("running", "portal", "county_portal", "checked"),
            description="每行一个地区（或“省政府及省直各部门”），写入所选地区本期的通报数字。",
        ),
        Kind(
            "account_figures",
            "政务新媒体检查情况（各地区数字）",
            ACCOUNT_FIGURE_FIELDS,
            marks=("running", "checked", "failed"),
            description="每行一个地区，写入所选地区本期的政务新媒体数字。",
        ),
        Kind(
            "summary",
            "各省份检查情况汇总",
            (
                _f("region", "省份", REGION, "地区", "省（区、市）", "省区市", required=True, example="浙江省"),
                _f("site_count", "网站数", INT, "政府网站数", example="547"),
                _f("site_pass_rate", "网站合格率", PERCENT, "政府网站合格率", example="99.6%"),
                _f("account_count", "新媒体数", INT, "政务新媒体数", example="3120"),
                _f("account_pass_rate", "新媒体合格率", PERCENT, "政务新媒体合格率", example="99.94%"),
                _f("sampling_share", "抽查比例", PERCENT, example="100%"),
            ),
            needs_region=False,
            marks=("site_pass_rate", "account_pass_rate"),
            description="全国各省份的汇总数字（不属于某一地区的通报）。",
        ),
        Kind(
            "site_problems",
            "问题网站名单",
            (
                SEQ,
                _f("name", "网站名称", TEXT, "网站", "名称", required=True, example="九江市审计局"),
                _f("code", "网站标识码", SITE_CODE, "标识码", "网站代码", example="3604000012"),
                _f("url", "首页网址", TEXT, "网址", "网站地址", "域名", example="http://sjj.jiujiang.gov.cn/"),
                PROBLEM,
                UNIT,
                REGION_COL,
                RECTIFICATION,
            ),
            marks=("code", "url", "name"),
            description="本期检查发现问题的政府网站，每行一个网站。",
        ),
        Kind(
            "account_problems",
            "问题政务新媒体名单",
            (
                SEQ,
                _f(
                    "code",
                    "政务新媒体编号",
                    ACCOUNT_CODE,
                    "账号编号",
                    "账号ID",
                    "新媒体编号",
                    example="360400M001WX0001",
                ),
                _f("platform_label", "类型", TEXT, "账号类型", "平台", "平台类型", example="微信订阅号"),
                _f(
                    "name",
                    "政务新媒体名称",
                    TEXT,
                    "账号名称",
                    "新媒体名称",
                    "名称",
                    required=True,
                    example="九江发布",
                ),
                PROBLEM,
                UNIT,
                REGION_COL,
                RECTIFICATION,
            ),
            marks=("code", "platform_label"),
            description="本期检查发现问题的政务新媒体账号，每行一个账号。",
        ),
        Kind(
            "platform_problems",
            "问题政务公开平台名单",
            (
                SEQ,
                _f(
                    "name",
                    "平台名称",
                    TEXT,
                    "政务公开平台名称",
                    "公开平台名称",
                    required=True,
                    example="九江市政府信息公开平台",
                ),
                _f("url", "平台网址", TEXT, "网址", example="http://xxgk.jiujiang.gov.cn/"),
                PROBLEM,
                UNIT,
                REGION_COL,
                RECTIFICATION,
            ),
            marks=("name",),
            description="本期检查发现问题的政务公开平台。",
        ),
        Kind(
            "rectification",
            "整改复查结果",
            (
                SEQ,
                _f(
                    "name",
                    "名称",
                    TEXT,
                    "网站名称",
                    "政务新媒体名称",
                    "账号名称",
                    required=True,
                    example="九江市审计局",
                ),
                _f("code", "网站标识码或账号编号", TEXT, "网站标识码", "政务新媒体编号", example="3604000012"),
                _f("recheck", "复查结果", TEXT, "抽查整改情况", "整改情况", required=True, example="整改后合格"),
                _f("rechecked_on", "复查日期", DATE, "复查时间", example="2024-03-20"),
                UNIT,
                _f("found_period", "问题期次", TEXT, "发现期次", "问题所属期次", example=""),
            ),
            marks=("recheck", "rechecked_on"),
            description=(
                "问题网站、政务新媒体的整改和复查结果，按名称或编号（同一编号属于多个主办单位时再按主办单位）"
                "对应本期的检查记录；填了“问题期次”（如 2024Q1 或 2024年第一季度）的行是本期对该期问题的复查，"
                "对应该期的检查记录。已下发为整改任务的问题，复查认定整改完成即结束任务，认定未整改即重新交办。"
            ),
        ),
        Kind(
            "feedback",
            "整改情况反馈",
            (
                SEQ,
                _f(
                    "name",
                    "名称",
                    TEXT,
                    "网站名称",
                    "政务新媒体名称",
                    "账号名称",
                    "平台名称",
                    required=True,
                    example="九江市审计局",
                ),
                _f("code", "网站标识码或账号编号", TEXT, "网站标识码", "政务新媒体编号", example="3604000012"),
                UNIT,
                _f(
                    "feedback",
                    "整改情况",
                    TEXT,
                    "整改措施",
                    "整改落实情况",
                    "整改情况说明",
                    required=True,
                    example="已更新“工作动态”栏目，并建立每周更新制度",
                ),
                _f(
                    "done_on",
                    "整改日期",
                    DATE,
                    "整改完成日期",
                    "完成整改日期",
                    "整改时间",
                    required=True,
                    example="2024-05-20",
                ),
                _f("link", "佐证链接", TEXT, "佐证材料链接", "佐证网址", example="https://sjj.jiujiang.gov.cn/"),
            ),
            marks=("feedback", "done_on"),
            description=(
                "对已下发的整改任务逐条反馈整改情况（每行一个问题），按名称或编号（同一编号属于多个主办单位时再按主办单位）"
                "对应本期的整改任务；所选地区即反馈的地区。附件请在“整改任务”页逐条上传。"
            ),
        ),
        Kind(
            "high_scorers",
            "得分较高的网站",
            (
                SEQ,
                _f("name", "网站名称", TEXT, required=True, example="九江市人民政府门户网站"),
                _f("code", "网站标识码", SITE_CODE, example="3604000001"),
                _f("score_band", "得分", TEXT, "分数", "得分区间", "分数段", required=True, example="110-120"),
                UNIT,
                REGION_COL,
            ),
            marks=("score_band",),
            description="本期得分较高（表现较好）的网站。",
        ),
        Kind(
            "content",
            "信息报送与采用情况",
            (
                SEQ,
                _f("unit", "单位名称", TEXT, "报送单位", "单位", "部门", required=True, example="市政府办公室"),
                _f("submitted", "信息报送数", INT, "报送数", "报送信息数", "信息报送", required=True, example="17"),
                _f("adopted", "信息采用数", INT, "采用数", "采用信息数", "信息采用", required=True, example="1"),
                _f("adoption_rate", "采用率", PERCENT, "信息采用率", example="5.9%"),
                _f("portal", "报送网站", TEXT, "门户网站", example="中国九江"),
            ),
            marks=("submitted", "adopted"),
            description="各单位向门户网站报送信息和被采用的数量。",
        ),
        Kind(
            "disclosure",
            "政府信息公开情况",
            (
                SEQ,
                _f("unit", "部门", TEXT, "单位名称", "单位", required=True, example="市农业农村局"),
                _f(
                    "proactive_total",
                    "主动公开信息总数",
                    INT,
                    "主动公开信息(条)总数",
                    "主动公开信息",
                    "总数",
                    example="515",
                ),
                _f("policy_interpretations", "政策解读材料", INT, "主动公开信息(条)其中:政策解读材料", example="3"),
                _f("proposal_handling", "建议提案办理", INT, "主动公开信息(条)其中:建议提案办理", example="0"),
                _f("key_area_items", "重点领域信息", INT, "主动公开信息(条)其中:重点领域信息", example="137"),
                _f(
                    "requests_on_time",
                    "依申请公开已按时办结",
                    INT,
                    "已按时办结",
                    "依申请公开信息(条)已按时办结",
                    example="2",
                ),
                _f(
                    "requests_pending", "依申请公开暂未办结", INT, "暂未办结", "依申请公开信息(条)暂未办结", example="0"
                ),
                _f("period_text", "统计时段", TEXT, example="2024年1月—2024年3月"),
            ),
            marks=("proactive_total", "policy_interpretations", "requests_on_time"),
            description="各部门在门户网站主动公开和依申请公开的数量。",
        ),
        Kind(
            "messages",
            "网民留言办理情况",
            (
                SEQ,
                _f(
                    "unit",
                    "受理单位",
                    TEXT,
                    "单位名称",
                    "单位",
                    "办理单位",
                    required=True,
                    example="市人力资源和社会保障局",
                ),
                _f("received", "受理(条)", INT, "受理数", "受理", "受理办结(条)", "收到留言数", example="7"),
                _f("completed", "办结(条)", INT, "办结数", "办结", example="7"),
                _f("completion_rate", "办结率", PERCENT, example="100%"),
                _f("avg_working_days", "办结平均时长(工作日)", DECIMAL, "平均办理时长", "办结平均时长", example="9"),
                _f("on_time_rate", "按时办结率", PERCENT, "按期办结率", example="100%"),
                _f("channel", "留言渠道", TEXT, "渠道", example="我为政府网站找错"),
                _f("group_label", "分组", TEXT, "类别", example="市直单位"),
                _f("period_text", "统计时段", TEXT, example="2024年1月—2024年3月"),
            ),
            marks=("received", "completion_rate", "avg_working_days"),
            description="“我为政府网站找错”“我向省长建言”等网民留言的办理情况。",
        ),
        Kind(
            "registry_changes",
            "备案变更（关停、新增）",
            (
                SEQ,
                _f("change", "变更类型", TEXT, "变更", "变更情况", required=True, example="关停"),
                _f("kind", "对象类型", TEXT, "类别", required=True, example="政务新媒体"),
                _f("code", "网站标识码或账号编号", TEXT, "网站标识码", "政务新媒体编号", example=""),
                _f("name", "名称", TEXT, "网站名称", "账号名称", "政务新媒体名称", required=True, example="大美永修"),
                _f("platform_label", "平台", TEXT, "账号类型", example="今日头条"),
                UNIT,
                REGION_COL,
                _f("note", "备注", TEXT, "说明", example=""),
            ),
            marks=("change",),
            description="本期关停、新增的网站和政务新媒体。",
        ),
        Kind(
            "scores_long",
            "检查评分表（每行一个指标）",
            (
                SEQ,
                SCORE_CODE,
                SCORE_NAME,
                SCORE_UNIT,
                _f(
                    "indicator",
                    "指标",
                    TEXT,
                    "指标名称",
                    "二级指标",
                    "检查指标",
                    "扣分指标",
                    "单项否决项",
                    required=True,
                    example="政策解读",
                ),
                _f("points", "扣分或加分", DECIMAL, "扣分", "加分", "分值", "扣分值", "加分值", example="5"),
                _f(
                    "note",
                    "说明",
                    TEXT,
                    "问题描述",
                    "扣分说明",
                    "扣分原因",
                    "评分说明",
                    example="政策解读栏目近6个月未更新",
                ),
                _f(
                    "evidence_url",
                    "证据网址",
                    TEXT,
                    "问题网址",
                    "截图网址",
                    "证据链接",
                    example="http://www.dean.gov.cn/",
                ),
                SERVICES,
            ),
            marks=("indicator", "points"),
            description=(
                "按指标集给网站、政务新媒体评分：每行一个对象的一个指标（单项否决项不填分值，扣分和加分指标填分值），"
                "同一对象的各行合为一次检查，按本期检查批次的指标集计算得分和结论。对象须已在名录中。"
            ),
        ),
        Kind(
            "scores_wide",
            "检查评分表（每行一个网站，每列一个指标）",
            (SEQ, SCORE_CODE, SCORE_NAME, SCORE_UNIT, SERVICES),
            open_columns=True,
            description=(
                "按指标集给网站、政务新媒体评分：每行一个对象，其余每列一个指标（列名为指标名称），"
                "单项否决项填“是”，扣分和加分指标填分值，不适用或未扣分的留空。对象须已在名录中。"
            ),
        ),
        Kind(
            "registry_regions",
            "行政区划名录",
            (
                _f("code", "区划代码", TEXT, "行政区划代码", "代码", required=True, example="360403"),
                _f("name", "区划名称", TEXT, "名称", "地区名称", required=True, example="柴桑区"),
                _f("level", "级别", TEXT, "层级", required=True, example="县级"),
                _f("parent_code", "上级区划代码", TEXT, "上级代码", example="360400"),
            ),
            needs_period=False,
            needs_region=False,
            marks=("level", "parent_code"),
            description="省、市、县三级行政区划，代码按 GB/T 2260。",
        ),
        Kind(
            "registry_units",
            "单位名录",
            (
                _f("name", "单位名称", TEXT, "单位", required=True, example="九江市审计局"),
                _f("region", "所属地区", REGION, "区划代码", "地区", required=True, example="360400"),
                _f("alias", "其他名称", TEXT, "别名", "简称", example="市审计局"),
            ),
            needs_period=False,
            needs_region=False,
            marks=("alias",),
            description="各地区的单位（部门）及其在通报中的其他写法。",
        ),
        Kind(
            "registry_sites",
            "政府网站名录",
            (
                _f("code", "网站标识码", SITE_CODE, "标识码", required=True, example="3604000012"),
                _f("name", "网站名称", TEXT, required=True, example="九江市审计局"),
                _f("url", "首页网址", TEXT, "网址", "域名", example="http://sjj.jiujiang.gov.cn/"),
                _f("site_kind", "网站类型", TEXT, "类型", example="部门网站"),
                UNIT,
                REGION_COL,
            ),
            needs_period=False,
            needs_region=False,
            marks=("code", "site_kind"),
            description="在运行的政府网站，每行一个网站。",
        ),
        Kind(
            "registry_accounts",
            "政务新媒体名录",
            (
                _f(
                    "code",
                    "政务新媒体编号",
                    ACCOUNT_CODE,
                    "账号编号",
                    "账号ID",
                    required=True,
                    example="360400M001WX0001",
                ),
                _f("name", "政务新媒体名称", TEXT, "账号名称", "名称", required=True, example="九江发布"),
                _f("platform_label", "类型", TEXT, "平台", "账号类型", example="微信订阅号"),
                UNIT,
                REGION_COL,
            ),
            needs_period=False,
            needs_region=False,
            marks=("code", "platform_label"),
            description="在运行的政务新媒体账号，每行一个账号。",
        ),
    )
}

_SPACE = re.compile(r"\s+")


def normalise(label: str) -> str:
    """A header as compared: no whitespace, full-width brackets and colons as ASCII."""
    text = _SPACE.sub("", label.replace("\u3000", ""))
    return text.translate(str.maketrans("（）：", "():"))


@functools.cache
def indicator_headers() -> frozenset[str]:
    """The indicator names of the shipped sets (normalised): a scoring sheet's columns, one per indicator."""
    from data_access.indicator_sets import shipped

    return frozenset(
        normalise(name)
        for spec in shipped()
        for indicator in spec.indicator_set.indicators
        for name in (indicator.name, indicator.label)
    )


def known_headers() -> frozenset[str]:
    """Every header spelling of every kind (normalised), for finding the header row."""
    fields = frozenset(normalise(label) for kind in KINDS.values() for f in kind.fields for label in f.labels)
    return fields | indicator_headers()


def column_map(kind: Kind, headers: Iterable[str]) -> dict[str, int]:
    """Field name -> column index for the headers that name one of ``kind``'s fields (first match wins)."""
    spelled = {normalise(label): f.name for f in kind.fields for label in reversed(f.labels)}
    # The template's label beats a variant: later assignments above were the variants.
    for f in kind.fields:
        spelled[normalise(f.label)] = f.name
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = spelled.get(normalise(header))
        if name is not None and name not in found:
            found[name] = index
    return found


@dataclass(frozen=True)
class Match:
    kind: Kind
    matched: int  # fields the header names
    missing: tuple[str, ...]  # labels of required fields it does not name


def recognise(headers: Collection[str]) -> list[Match]:
    """Kinds ranked by how well ``headers`` fit them, best first; only kinds naming at least two fields."""
    matches = []
    for kind in KINDS.values():
        columns = column_map(kind, headers)
        if len(columns) < 2:
            continue
        missing = tuple(f.label for f in kind.fields if f.required and f.name not in columns)
        marks = sum(1 for name in kind.marks if name in columns)
        if kind.open_columns:
            marks += sum(1 for header in headers if normalise(header) in indicator_headers())
        # Rank: a kind with all its required columns first, then by its marks, then by columns named,
        # then by how few of its fields the file lacks.
        matches.append((not missing, marks, len(columns), -len(kind.fields), Match(kind, len(columns), missing)))
    matches.sort(key=lambda m: m[:4], reverse=True)
    return [m[-1] for m in matches]
