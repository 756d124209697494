"""Every user-facing Chinese label, in one place."""

from __future__ import annotations

from data_access.vocabulary import CATEGORY_NAMES, KIND_NAMES, OWN_ROW_NAMES
from data_access.vocabulary import KIND_UNITS as KIND_UNITS  # re-exported: labels.KIND_UNITS

APP_TITLE = "政府网站与政务新媒体检查监管"
NATIONAL = "全国"

KIND_LABELS = KIND_NAMES

MEASURE_LABELS = {
    "running": "运行总数",
    "checked": "检查数",
    "sampling_share": "抽查比例",
    "failed": "存在突出问题",
    "passed": "合格数",
    "pass_rate": "合格率",
    "pass_rate_yoy": "合格率同比",
    "pass_rate_qoq": "合格率环比",
    "pass_rate_after_rectification": "整改后合格率",
    "count": "数量",
    "submitted": "报送数",
    "adopted": "采用数",
    "adoption_rate": "采用率",
    "received": "收到留言",
    "completed": "办结",
    "completion_rate": "办结率",
    "on_time_rate": "按时办结率",
    "proactive_total": "主动公开信息",
    "requests_completed": "依申请公开办结",
    "requests_on_time_rate": "依申请公开按时办结率",
}
CHANGE_LABELS = {"pass_rate_yoy": "同比", "pass_rate_qoq": "环比"}

CATEGORY_LABELS = CATEGORY_NAMES

LEVEL_LABELS = {"province": "省级", "city": "市级", "county": "县级"}
OWN_LEVEL = {"province": "省本级", "city": "市本级", "county": "本级"}

COMPUTED = "计算值"
COMPUTED_HELP = "通报未给出此数，由已入库数据计算，仅供参考，不是通报公布的数字。"
LISTED_HELP = "通报附件名单所列的问题对象数；通报只列出有问题的对象，不能据此计算合格率。"

PAGE_OVERVIEW = "概况"

# Sidebar filters.
FILTER_PERIOD = "检查期次"
PERIOD_WITH_ROUND = "{quarter}（{round}）"
FILTER_PROVINCE = "省份"
FILTER_CITY = "设区市"
FILTER_COUNTY = "县（市、区）"
ALL_OPTION = "全部"

# Messages for URL values that make no sense.
MSG_BAD_PERIOD = "网址中的期次“{value}”无法识别（应为 2022Q3 这样的格式），已显示{fallback}。"
MSG_PERIOD_NO_DATA = "{region}在{period}没有检查数据，已显示{fallback}。"
MSG_BAD_REGION = "网址中的地区代码“{value}”不存在，已显示{fallback}。"
MSG_REGION_OUT_OF_SCOPE = "您的账号无权查看地区“{value}”，已显示{fallback}。"
MSG_NO_DATA = "{region}暂无检查数据。"
MSG_QUERY_ERROR = "读取数据时出错，请稍后重试；如果问题持续，请联系管理员。"
MSG_PAGE_ERROR = "页面显示时出错，请稍后重试；如果问题持续，请联系管理员。"
MSG_DB_ERROR = "暂时无法连接数据库，请稍后刷新页面重试；如果问题持续，请联系管理员。"
MSG_EMPTY_STORE = "数据库中还没有检查数据。管理员可以用下面的命令导入五份通报的数据，或生成全国规模的演示数据："
EMPTY_STORE_COMMANDS = (
    'python -m data_access.sample_data --url "$DASHBOARD_DATABASE_URL"\n'
    'python -m data_access.synthetic --url "$DASHBOARD_DATABASE_URL" --scale 1.0'
)
LATEST_PERIOD = "最新一期（{period}）"

# Overview page.
SOURCE = "来源：{title}"
ISSUED_ON = "印发日期 {date}"
RECTIFICATION_DUE = "整改期限 {date}"
COMPUTED_LABEL = "{label}（" + COMPUTED + "）"
CHECKED_COMPUTED = COMPUTED_LABEL.format(label="检查数")
FAILED_COMPUTED = COMPUTED_LABEL.format(label="不合格")
PASS_RATE_COMPUTED = COMPUTED_LABEL.format(label="合格率")
LISTED = "名单所列问题数"
OTHER_FIGURES = "通报中的其他数字"
OTHER_FIGURE_COLUMNS = ("类别", "口径", "指标", "数值", "通报原文")
SEGMENT_ALL = "合计"
TREND = "合格率走势"
TREND_DATA = "走势数据"
TREND_NONE = "{region}在已入库的各期都没有合格率（通报公布的或可以计算的）。"
AFTER_RECTIFICATION = "（整改后）"
REPORTED = "通报公布"
SUBREGIONS = "下级地区"
REGION_CODE = "代码"
REGION_NAME = "地区"
DRILL = "查看"
DRILL_LINK = "进入"
PROBLEM_CATEGORIES = "问题类别"
PROBLEM_CATEGORIES_HELP = "按通报所列问题归入《政府网站与政务新媒体检查指标》的标准类别，一个对象可有多类问题。"
PROBLEM_TARGETS = "问题数（名单所列）"
PASS_RATE_AXIS = "合格率（%）"
HIGH_SCORERS = "得分较高的网站"
HIGH_SCORERS_CAPPED = "仅列出得分最高的 {cap} 个。"
HIGH_SCORER_COLUMNS = ("得分档次", "网站名称", "所在地区", "得分")
OVERVIEW_NO_PERIOD = "{region} · 检查概况"

# Downloads.
DOWNLOAD_CSV = "下载 CSV"
DOWNLOAD_XLSX = "下载 Excel"
DOWNLOAD_WORKBOOK = "下载本页全部表格（Excel）"
DOWNLOAD_WORKBOOK_HELP = "每个表格一个工作表；第一个工作表“导出说明”记录页面、筛选条件和导出时间。"
EXPORT_INFO_SHEET = "导出说明"
EXPORT_PAGE = "页面"
EXPORTED_AT = "导出时间"
EXPORT_INFO_COLUMNS = ("项目", "内容")
EXPORT_UNTITLED_SHEET = "表格"
EXPORT_UNTITLED_FILE = "导出"
EXPORT_TRUE = "是"
EXPORT_FALSE = "否"

# Drill-down (/regions): messages for the unit and target parameters.
MSG_BAD_UNIT = "网址中的部门编号“{value}”不存在或无权查看，已显示所在地区。"
MSG_BAD_TARGET = "网址中的网站或账号编号“{value}”不存在或无权查看，已显示所在地区。"

# Regions page (/regions): the drill from the country down to one site or account.
PAGE_REGIONS = "地区下钻"
BREADCRUMB_HELP = "点击上级名称返回该层级"
CHILDREN = "下级地区检查情况"
CHILDREN_HELP = "点击表格中的一行、柱状图中的一根柱子或地图上的地区，进入下一级。默认按合格率从低到高排列。"
CHILDREN_NONE = "{region}在{period}没有下级地区的检查数字。"
DEEPER_FIGURES = "以下更下级地区在本期有各自的通报数字，不能汇总到本表："
OWN_ROW = OWN_ROW_NAMES
TOTAL_ROW = "合计"
KIND_SHORT = {"site": "网站", "account": "新媒体", "platform": "公开平台"}
PART_LABELS = {
    "running": "运行总数",
    "portal": "门户",
    "department": "部门",
    "county_portal": "县级门户",
    "below_county": "县级以下",
    "count": "数量",
    "checked": "抽查数",
    "failed": "突出问题数",
    "pass_rate": "合格率",
    "computed_pass_rate": "合格率（计算值）",
    "sampling_share": "抽查比例",
}
DATA_SOURCE_COLUMN = "数据口径"
SOURCE_REPORTED = "通报公布"
SOURCE_REPORTED_NAMED = "通报公布（{origin}）"
SOURCE_COMPUTED = "计算值（运行数为当前登记数）"
SOURCE_TOTAL = "计算值（各行相加）"
SOURCE_HELP = (
    "通报公布：通报原文的数字；计算值：由已入库的检查明细计算，或由通报的检查数和问题数算出，"
    "不是通报公布的数字。“合格率（计算值）”列的合格率都是计算值。"
)
TOTAL_ROW_OF = "合计（{origin}）"
TOTAL_COMPUTED_ORIGIN = "计算值各行"
CHILDREN_SOURCES_APART = "本表各行来自不同来源，合计按来源分别相加，不跨来源相加。"
CHILDREN_CHART = "各地区合格率"
CHILDREN_MAP = "合格率地图（{kind}）"
MAP_VALUE = "合格率（%）"
MAP_VALUE_COMPUTED = "合格率（计算值，%）"
MAP_VALUE_MIXED = "合格率（%，悬停可见是否为计算值）"
UNITS = "本级部门（主办单位）"
UNITS_HELP = "登记在本地区的主办单位及其网站、账号；点击一行查看该部门。"
UNITS_NONE = "本地区没有登记的主办单位。"
UNIT_COLUMNS = {
    "name": "单位名称",
    "dept_type": "部门类别",
    "sites": "网站数",
    "accounts": "新媒体数",
    "platforms": "公开平台数",
    "checked": "本期检查数",
    "failed": "本期问题数",
}
FAILING = "本期存在突出问题的网站和账号"
FAILING_HELP = "点击一行查看该网站或账号的历次检查记录。"
FAILING_CAPPED = "共 {total} 个，仅列出前 {cap} 个。"
FAILING_NONE = "本期没有存在突出问题的网站或账号。"
TARGET_COLUMNS = {
    "kind": "类型",
    "code": "标识码/账号编号",
    "name": "名称",
    "url": "网址",
    "platform_label": "平台",
    "region_name": "所在地区",
    "host_unit_text": "主办单位",
    "problem_text": "存在问题",
    "list_label": "所在名单",
    "seq": "序号",
}
UNIT_TITLE = "{name}（{region}）"
UNIT_TARGETS = "该部门的网站和账号"
UNIT_HISTORY = "该部门历次检查"
UNIT_HISTORY_COLUMNS = {"period": "期次", "target_kind": "类型", "checked": "检查数", "failed": "问题数"}
UNIT_RESULT = {"unchecked": "本期未检查", "passed": "合格", "failed": "不合格"}
UNIT_RESULT_COLUMN = "本期结果"
TARGET_IDENTITY = {
    "kind": "类型",
    "code": "网站标识码/账号编号",
    "url": "网址",
    "platform_label": "平台",
    "unit_name": "主办单位",
    "region_name": "所在地区",
    "status": "状态",
}
TARGET_STATUS = {"running": "运行中", "closed": "已注销"}
TARGET_HISTORY = "历次检查记录"
TARGET_HISTORY_NONE = "没有这个对象的检查记录。"
TARGET_HISTORY_COLUMNS = {
    "period": "期次",
    "result": "检查结果",
    "problem_text": "存在问题（通报原文）",
    "categories": "问题类别",
    "rectification": "整改情况",
    "recheck_period": "复查期次",
    "host_unit_text": "通报所列主办单位",
    "list_label": "所在名单",
    "seq": "序号",
    "notice": "通报",
}
RESULT_PASSED = "合格"
RESULT_FAILED = "不合格"
NONE_TEXT = "—"

# Department types.
DEPT_TYPE_LABELS = {
    "government_office": "政府办",
    "development_reform": "发改",
    "education": "教育",
    "science_technology": "科技",
    "industry_it": "工信",
    "ethnic_religious": "民宗",
    "public_security": "公安",
    "civil_affairs": "民政",
    "justice": "司法",
    "finance": "财政",
    "human_resources": "人社",
    "natural_resources": "自然资源",
    "ecology_environment": "生态环境",
    "housing_construction": "住建",
    "transport": "交通运输",
    "water_resources": "水利",
    "agriculture_rural": "农业农村",
    "commerce": "商务",
    "culture_tourism": "文旅",
    "health": "卫健",
    "veterans_affairs": "退役军人",
    "emergency_management": "应急管理",
    "audit": "审计",
    "sasac": "国资",
    "market_regulation": "市场监管",
    "drug_administration": "药监",
    "sport": "体育",
    "statistics": "统计",
    "forestry": "林业",
    "medical_security": "医保",
    "grain_reserves": "粮食和储备",
    "radio_tv": "广电",
    "financial_regulation": "金融",
    "petition": "信访",
    "offices_administration": "机关事务",
    "civil_air_defense": "人防",
    "rural_revitalization": "乡村振兴",
    "government_services": "政务服务",
    "big_data": "大数据",
    "energy": "能源",
    "intellectual_property": "知识产权",
    "foreign_affairs": "外事",
    "urban_management": "城管",
    "meteorology": "气象",
    "taxation": "税务",
    "development_zone": "开发区、管委会",
    "other": "其他",
}

# Compare page.
PAGE_COMPARE = "对比分析"
COMPARE_TITLE = PAGE_COMPARE + " · {region}"
COMPARE_NO_PERIOD = PAGE_COMPARE + " · {region}"
COMPARE_REGIONS = "地区对比 · {period}"
COMPARE_REGIONS_HELP = (
    "“通报公布”行照录通报原文的数字；“计算值”行由完整入库的检查结果计算。"
    "标有“计算值”的列不是通报公布的数字，仅供参考。点击地区名称查看该地区。"
)
COMPARE_NO_REGIONS = "{region}下级地区在{period}没有可对比的数字。"
COMPARE_COUNTY = "县级地区没有下级地区可供对比。"
COMPARE_CHART = "合格率对比"
COMPARE_PERIODS = "{region}各期对比"
COMPARE_PERIODS_HELP = (
    "同比：与上年同一季度相比；环比：与上一季度相比。“通报所述”是通报原文给出的变化；"
    "“个百分点”由两期已入库的合格率相减得出（通报公布的与通报公布的比，计算值与计算值比），是计算值。"
)
COMPARE_NO_PERIODS = "{region}没有可跨期对比的数字。"
SOURCE_COLUMN = "来源"
ORIGIN_COLUMN = "出处"
LEVEL_COLUMN = "级别"
PERIOD_COLUMN = "期次"
KIND_COLUMN = "类别"
STATED_CHANGE = "{change}（通报所述）"
POINTS_CHANGE = "{change}（计算值，个百分点）"
POINTS_FORMAT = "%+.2f 个百分点"
STATED_CHANGE_HELP = "通报原文所述的合格率变化。"
POINTS_CHANGE_HELP = "由两期已入库的合格率相减得出的计算值，单位为个百分点。"
COMPUTED_COLUMN_HELP = "计算值：不是通报公布的数字，仅供参考。"
REGION_LINK_HELP = "点击查看该地区"
COMPARE_SIDE_BY_SIDE_TABLE = "地区对比"
COMPARE_PERIODS_TABLE = "各期对比"

# Regions page: the same kind of department in the sibling regions.
SAME_DEPT = "{region}各地{dept}部门对比（本期）"
SAME_DEPT_TABLE = "同类部门对比"
SAME_DEPT_HELP = "按部门类别归并了通报中的不同写法（如“省发展改革委”与“省发展和改革委员会”）。"
SAME_DEPT_COLUMNS = {"units": "单位数", "checked": "检查数", "failed": "问题数", "pass_rate": "合格率（计算值）"}

# Problem list page (/problems).
PROBLEMS_PAGE = "问题清单"
PROBLEMS_TITLE = "问题清单 · {region} · {period}"
PROBLEMS_NO_PERIOD = "问题清单 · {region}"
PROBLEMS_KIND = "对象类型"
PROBLEMS_ALL_KINDS = "全部"
PROBLEMS_KIND_OPTION = "{label}（{count}）"
PROBLEMS_COUNT_LABEL = "问题{kind}"
PROBLEMS_COUNT_HELP = "通报问题清单中的行数：每一行是一个问题，同一账号在清单中列出两次就计两个问题。"
PROBLEMS_FILTER_CATEGORY = "问题类别"
PROBLEMS_FILTER_PLATFORM = "平台类型"
PROBLEMS_FILTER_LEVEL = "地区层级"
PROBLEMS_FILTER_UNIT = "主办单位"
PROBLEMS_FILTER_STATUS = "整改状态"
PROBLEMS_FILTER_SEARCH = "搜索名称、编号或问题"
PROBLEMS_FILTER_SEARCH_HELP = "在网站或账号名称、标识码/账号编号、主办单位和问题原文中查找。"
PROBLEMS_UNIT_OPTION = "{name}（{region}，{count}条）"
PROBLEMS_UNIT_CAPPED = "单位较多，仅列出问题最多的 {cap} 个单位；可用搜索框查找其他单位。"
PROBLEMS_FILTER_NAMES = {
    "kind": "对象类型",
    "category": "问题类别",
    "platform": "平台类型",
    "level": "地区层级",
    "unit": "主办单位",
    "status": "整改状态",
}
PROBLEMS_MSG_BAD_VALUE = "网址中的{name}“{value}”无法识别，已取消该筛选。"
PROBLEMS_MSG_UNIT_OUTSIDE = "网址中的主办单位“{value}”不在{region}或无权查看，已取消单位筛选。"
PROBLEMS_PLATFORM_LABELS = {
    "wechat": "微信",
    "weibo": "微博",
    "douyin": "抖音",
    "kuaishou": "快手",
    "toutiao": "今日头条",
    "app": "移动客户端/APP",
    "miniprogram": "小程序",
    "other": "其他平台",
}
PROBLEMS_LIST = "问题明细"
PROBLEMS_LIST_TOTAL = "共 {total} 条问题。"
PROBLEMS_LIST_PAGED = "共 {total} 条问题，按页显示，每页 {size} 条；当前第 {first}–{last} 条。"
PROBLEMS_LIST_HELP = "点击一行查看该网站或账号的历次检查记录；表头可排序、筛选本页数据。网址列可直接打开网站。"
PROBLEMS_LIST_NONE = "没有符合条件的问题。"
PROBLEMS_PAGE_NUMBER = "页码"
PROBLEMS_EXPORT_CAPPED = "下载文件最多包含 {cap} 条；请缩小筛选范围后下载全部明细。"
PROBLEMS_CATEGORY_CHART = "按问题类别"
PROBLEMS_CATEGORY_HELP = (
    "按《政府网站与政务新媒体检查指标》的标准类别统计问题条数；一条问题可同时属于几个类别。点击柱子按该类别筛选。"
)
PROBLEMS_SUBREGION_CHART = "按下级地区"
PROBLEMS_SUBREGION_HELP = "各下级地区的问题条数；点击柱子进入该地区。"
PROBLEMS_COUNT_AXIS = "问题条数"
PROBLEMS_UNKNOWN_UNIT = "主办单位不详"
PROBLEMS_COLUMNS = {
    "kind": "类型",
    "code": "标识码/账号编号",
    "name": "名称",
    "url": "网址",
    "platform_label": "平台",
    "host_unit_text": "主办单位（通报原文）",
    "region_name": "所在地区",
    "problem_text": "存在问题（通报原文）",
    "categories": "问题类别",
    "status": "整改状态",
    "list_label": "所在名单",
    "seq": "序号",
}
PROBLEMS_CODE_COLUMNS = {
    "site": "网站标识码",
    "account": "账号编号",
    "platform": "标识码/账号编号",
    "": "标识码/账号编号",
}
PROBLEMS_PLATFORM_NAME = "公开平台名称"

# Rectification page (/rectification).
RECT_PAGE = "整改跟踪"
RECT_TITLE = "整改跟踪 · {region} · {period}"
RECT_NO_PERIOD = "整改跟踪 · {region}"
RECT_STATUS_LABELS = {
    "pending": "待整改",
    "overdue": "逾期（计算值）",
    "no_record": "无整改记录",
    "not_rectified": "未整改",
    "rectified": "已整改",
    "passed_after_rectification": "整改后合格",
    "unanswered": "未反馈",
    "submitted": "已反馈",
    "returned": "已退回",
    "confirmed": "已确认",
}
RECT_STATUS_HELP = (
    "已整改、整改后合格、未整改：复查或通报给出的结果；逾期（计算值）：已下发的整改任务未反馈或被退回，"
    "或有“整改中”的记录，且已过整改期限（通报只给报送期限时按报送期限）；待整改：整改中，或尚未到期；"
    "无整改记录：已过期限或通报未给期限，库中没有任何整改或复查记录，不能据此认定逾期。"
    "未反馈、已反馈、已退回、已确认：已下发为整改任务的问题所处的环节；下发后复查的结果以最后一次为准。"
)
RECT_DEADLINES = "本期通报与整改期限"
RECT_DEADLINES_HELP = "整改期限是完成整改的日期，报送期限是上报整改情况的日期；通报只写了其中一个时，另一个为空。"
RECT_DEADLINE_COLUMNS = {
    "title": "通报",
    "notice_number": "文号",
    "issued_on": "印发日期",
    "rectification_due": "整改期限",
    "report_due": "报送整改情况期限",
    "problems": "问题数",
}
RECT_STATUS_COUNTS = "本期问题整改状态"
RECT_BY_SUBREGION = "各地区整改状态"
RECT_BY_UNIT = "各单位整改状态（问题最多的 {cap} 个单位）"
RECT_CHART_HELP = "点击地区的柱子进入该地区。"
RECT_CURRENT = "本期问题及整改状态"
RECT_CURRENT_CAPPED = "共 {total} 条，仅列出前 {cap} 条；下载文件同样最多 {cap} 条。"
RECT_ROW_HELP = "点击一行查看该网站或账号的历次检查记录。"
RECT_RECHECK = "上期问题复查情况"
RECT_RECHECK_HELP = "本期通报对此前各期问题的复查结果。"
RECT_RECHECK_NONE = "本期没有对此前问题的复查记录。"
RECT_OVERDUE = "逾期未整改问题（截至本期，期限最早的在前）"
RECT_OVERDUE_TOTAL = "共 {total} 条。"
RECT_OVERDUE_CAPPED = "共 {total} 条，仅列出期限最早的 {cap} 条。"
RECT_OVERDUE_NONE = "没有逾期未整改的问题。"
RECT_OFFENDERS = "屡查屡犯（截至本期，两期及以上存在问题）"
RECT_OFFENDERS_HELP = "按出现问题的期数从多到少排列。"
RECT_OFFENDERS_CAPPED = "仅列出出现问题期数最多的 {cap} 个。"
RECT_OFFENDERS_NONE = "没有在两期及以上存在问题的网站或账号。"
RECT_COLUMNS = {
    "kind": "类型",
    "code": "标识码/账号编号",
    "name": "名称",
    "region_name": "所在地区",
    "host_unit_text": "主办单位（通报原文）",
    "period": "发现期次",
    "problem_text": "存在问题（通报原文）",
    "categories": "问题类别",
    "deadline": "整改期限",
    "report_due": "报送期限",
    "status": "整改状态",
    "status_text": "复查结果（通报原文）",
    "recheck_period": "复查期次",
    "rounds": "存在问题期数",
    "periods": "存在问题的期次",
    "problems": "历次问题（通报原文）",
}
RECT_REPORT_DUE_ONLY = "{date}（按报送期限）"

RECT_FOUND_BY_RECHECK = "{round}（复查未整改）"

# Rectification tasks (/tasks): publish, remind, list, one task with its steps and the answer and review forms.
TASKS_PAGE = "整改任务"
TASKS_TITLE = "整改任务 · {region} · {period}"
TASKS_NO_PERIOD = "整改任务 · {region}"
TASKS_INTRO = (
    "通报下发后，每个问题成为所在地区和主办单位的整改任务：所在地的数据维护员反馈整改情况（做了什么、完成日期、"
    "佐证链接或图片、PDF），下发通报的单位确认整改或退回；下一期复查的结果结束任务或重新交办。"
)
TASKS_MSG_BAD_DUE = "到期提醒范围“{value}”无法识别，已按{days}日内提醒。"
TASKS_MSG_NO_TASK = "没有编号为“{value}”的整改任务，或它不在您的账号可查看的地区范围内。"
TASKS_DONE_ANSWERED = "已提交反馈，等待审核。"
TASKS_DONE_CONFIRMED = "已确认整改。"
TASKS_DONE_RETURNED = "已退回，等待重新反馈。"
TASKS_DONE_PUBLISHED = "已下发 {count} 个整改任务。"
TASKS_REMINDERS = "提醒：逾期和即将到期的任务"
TASKS_REMINDERS_HELP = (
    "尚未反馈或被退回的任务中，已过期限（逾期，计算值）或在所选天数内到期的，期限最早的在前；各期次的任务都在内。"
    "期限为整改期限，通报只给报送期限时按报送期限；没有期限的任务不会逾期，也不在这里提醒。"
)
TASKS_REMINDER_DAYS = "到期提醒范围"
TASKS_REMINDER_DAY_OPTION = "{days}日内"
TASKS_REMINDERS_NONE = "没有逾期或{days}日内到期的整改任务。"
TASKS_REMINDER_COUNTS = "各地区待反馈任务"
TASKS_REMINDER_COUNT_COLUMNS = {"region_name": "地区", "overdue": "逾期（计算值）", "due_soon": "{days}日内到期"}
TASKS_REMINDER_LIST = "逾期和{days}日内到期的任务"
TASKS_PUBLISH = "下发整改任务"
TASKS_PUBLISH_HELP = (
    "下发后，本期通报的每个问题（复查已认定整改完成的除外）成为所在地区的整改任务。通报已规定的期限不能改动；"
    "通报没有规定的，可在这里填写（不早于今天）。期限已过的通报不能再下发：下发后每个问题都会立即算作逾期。"
)
TASKS_PUBLISH_COLUMNS = {
    "title": "通报",
    "issuer": "下发单位",
    "rectification_due": "整改期限",
    "report_due": "报送期限",
    "problems": "问题数",
    "tasks": "已下发任务数",
}
TASKS_PUBLISH_PICK = "要下发的通报"
TASKS_PUBLISH_FIX_BY = "整改期限"
TASKS_PUBLISH_REPORT_BY = "报送期限"
TASKS_PUBLISH_GIVEN = "{name}：{date}（通报原文）"
TASKS_PUBLISH_BUTTON = "下发整改任务"
TASKS_PUBLISH_NONE = "本期没有可由您的账号下发的通报，或通报的问题都已下发。"
TASKS_LIST = "本期整改任务"
TASKS_LIST_TOTAL = "共 {total} 个任务。点击一行办理或查看该任务。"
TASKS_LIST_CAPPED = "共 {total} 个任务，仅列出前 {cap} 个；下载文件同样最多 {cap} 个。点击一行办理或查看该任务。"
TASKS_NONE_IN_PERIOD = "{region}{period}的通报还没有下发为整改任务。"
TASKS_OTHER_PERIODS = "有整改任务的期次："
TASKS_BATCH_HINT = "批量反馈：在“数据导入”页上传“整改情况反馈”表（每行一个问题，可先下载模板），全部正确才会写入。"
TASKS_BATCH_LINK = "数据导入"
TASKS_COLUMNS = {
    "task_id": "任务编号",
    "kind": "类型",
    "code": "标识码/账号编号",
    "name": "名称",
    "region_name": "所在地区",
    "host_unit_text": "主办单位（通报原文）",
    "problem_text": "存在问题（通报原文）",
    "period": "发现期次",
    "issuer": "下发单位",
    "deadline": "整改期限",
    "report_due": "报送期限",
    "days_left": "距期限（天）",
    "status": "整改状态",
    "last_step": "最近办理",
}
TASKS_DAYS_LEFT_HELP = "负数为已逾期的天数（计算值）。"
TASKS_LAST_STEP = "{action}（{user}，{at}）"
TASKS_BACK = "返回任务列表"
TASKS_DETAIL = "整改任务 {task}：{name}"
TASKS_FACTS = {
    "kind": "类型",
    "code": "标识码/账号编号",
    "name": "名称",
    "url": "网址",
    "region_name": "所在地区",
    "host_unit_text": "主办单位（通报原文）",
    "problem_text": "存在问题（通报原文）",
    "period": "发现期次",
    "round_title": "通报",
    "issuer": "下发单位",
    "deadline": "整改期限",
    "report_due": "报送期限",
    "status": "整改状态",
}
TASKS_FACT_COLUMNS = ("项目", "内容")
TASKS_STATUS_LINE = "整改状态：{status}"
TASKS_FACTS_TITLE = "任务信息"
TASKS_NO_DEADLINE = "通报未规定期限（不计逾期）"
TASKS_OVERDUE_NOTE = "逾期为计算值：期限（{date}）已过，仍未反馈或反馈被退回。"
TASKS_HISTORY = "办理记录"
TASKS_HISTORY_COLUMNS = {
    "at": "时间（北京时间）",
    "user_name": "办理人",
    "action": "环节",
    "text": "整改情况或理由",
    "done_on": "整改完成日期",
    "link": "佐证链接",
    "files": "附件数",
    "import_id": "导入批次",
}
TASKS_ACTION_LABELS = {
    "publish": "下发",
    "submit": "反馈整改情况",
    "confirm": "确认整改",
    "return": "退回",
    "recheck": "复查",
}
TASKS_EVIDENCE = "佐证材料"
TASKS_EVIDENCE_BUTTON = "下载 {name}（{size}）"
TASKS_ANSWER = "反馈整改情况"
TASKS_ANSWER_TEXT = "整改情况（做了什么）"
TASKS_ANSWER_DATE = "整改完成日期"
TASKS_ANSWER_LINK = "佐证链接（可选，http:// 或 https:// 开头）"
TASKS_ANSWER_FILES = "佐证材料（可选：PNG、JPEG 图片或 PDF，每个不超过 {mb} MB，最多 {count} 个）"
TASKS_ANSWER_SUBMIT = "提交反馈"
TASKS_REVIEW = "审核反馈"
TASKS_CONFIRM = "确认整改"
TASKS_RETURN_REASON = "退回理由"
TASKS_RETURN = "退回"
TASKS_NO_ACTION = "您的账号不能办理这一任务："
TASKS_EXPORT_HISTORY = "整改任务{task}办理记录"
TASKS_OVERVIEW = "本地区整改任务"
TASKS_OVERVIEW_SOON = "{days}日内到期"
TASKS_OVERVIEW_URGENT = "最紧迫的任务"
TASKS_OVERVIEW_LINK = "查看全部整改任务"

# Overview page (/): scope line, headline cards, trend, sub-regions and the notice's own words.
OVERVIEW_SCOPE = "数据来源范围：{regions}"
OVERVIEW_SCOPE_NO_OWN = "本期没有{region}的汇总数字。数据来源范围：{regions}"
OVERVIEW_SCOPE_COMPUTED = "数据来源范围：{regions}的完整检查结果（计算值，不是通报公布的数字）"
OVERVIEW_SCOPE_ALL = "全部{count}个{level}地区"
OVERVIEW_SCOPE_MORE = "等{count}个地区"
OVERVIEW_SCOPE_LISTS_ONLY = "（仅有问题名单）"
OVERVIEW_SCOPE_LEVELS = {"province": "省级", "city": "市级", "county": "县级"}
OVERVIEW_PATH_SEPARATOR = " › "
OVERVIEW_LIST_SEPARATOR = "、"
OVERVIEW_KIND_HEADING = "{region} · {kind}"
OVERVIEW_STATED_CHANGE = "通报原文"
OVERVIEW_COMPUTED_CHANGE = "计算值"
OVERVIEW_COMPUTED_CHANGE_HELP = "变化由{period}和本期两期已入库的合格率相减得出，是计算值，单位为个百分点。"
OVERVIEW_STATED_CHANGE_HELP = "变化照录通报原文，通报未说明是百分点还是百分比。"
OVERVIEW_RUNNING_REGISTERED = "登记运行数"
OVERVIEW_RUNNING_HELP = "登记在册、当前运行的数量，不是通报公布的数字；较早各期的运行数可能与此不同。"
OVERVIEW_SHARE_COMPUTED = "抽查比例（计算值）"
OVERVIEW_COUNT_LABEL = "{kind}数"
OVERVIEW_COUNT_HELP = "通报给出的数量，未说明是运行总数还是检查数。"
OVERVIEW_RATE_FROM_COUNTS_HELP = "通报未给出合格率，由通报公布的检查数和问题数算出，保留两位小数；不是通报公布的数字。"
OVERVIEW_TREND_SELECTED = "本期"
OVERVIEW_TREND_HELP = (
    "实线：通报公布的合格率；虚线：计算值（由完整的检查结果，或由通报的检查数和问题数算出）；"
    "菱形：整改后合格率，单独标出。没有数据的季度留空，不连线。"
)
OVERVIEW_TREND_LISTS_ONLY = "以下季度没有{region}的合格率（只有下级地区的数字或问题名单）：{periods}"
OVERVIEW_SERIES = {"reported": "{kind}", "computed": "{kind}（计算值）", "after": "{kind}（整改后）"}
OVERVIEW_SUBREGIONS_HELP = "默认按合格率从低到高排列；合格率低于{region}总体水平的显示为红色。点击地区名称查看该地区。"
OVERVIEW_DEEPER = "以下地区在本期有各自的通报数字："
OVERVIEW_NARRATIVES = "通报原文摘要"
OVERVIEW_NARRATIVE_SECTIONS = {
    "practice": "主要成效和经验做法",
    "problem": "主要问题",
    "requirement": "工作要求",
    "highlight": "表现较好",
}
OVERVIEW_NARRATIVE_SOURCE = "摘自：{title}"
OVERVIEW_NARRATIVE_UNTITLED = "原文"
OVERVIEW_NAMED_UNITS = "文中提到的单位（点击查看）："
# Plotly's own texts (tool bar tips, date names) in Chinese, passed to the browser with each chart.
OVERVIEW_PLOTLY_ZH_CN = {
    "dictionary": {
        "Autoscale": "自动缩放",
        "Box Select": "框选",
        "Compare data on hover": "悬停时比较数据",
        "Double-click on legend to isolate one trace": "双击图例只显示该系列",
        "Double-click to zoom back out": "双击恢复原来大小",
        "Download plot as a PNG": "下载图片（PNG）",
        "Download plot as a png": "下载图片（PNG）",
        "Download plot": "下载图片",
        "Fullscreen": "全屏",
        "Lasso Select": "套索选择",
        "Pan": "平移",
        "Reset": "重置",
        "Reset axes": "恢复坐标轴",
        "Reset view": "重置视图",
        "Reset views": "重置视图",
        "Show closest data on hover": "悬停时显示最近的数据",
        "Snapshot succeeded": "图片已生成",
        "Sorry, there was a problem downloading your snapshot!": "抱歉，图片下载出错。",
        "Taking snapshot - this may take a few seconds": "正在生成图片，请稍候",
        "Toggle Spike Lines": "显示或隐藏辅助线",
        "Toggle show closest data on hover": "切换悬停时显示最近的数据",
        "Zoom": "缩放",
        "Zoom in": "放大",
        "Zoom out": "缩小",
        "trace": "系列",
    },
    "format": {
        "days": ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
        "shortDays": ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
        "months": ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
        "shortMonths": ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
        "date": "%Y-%m-%d",
        "decimal": ".",
        "thousands": ",",
    },
}

# Unknown page paths.
NOT_FOUND_TITLE = "页面不存在"
NOT_FOUND_TEXT = "您打开的网址没有对应的页面，可能是链接有误或页面已调整。请从下面进入需要的页面："

# Content guarantee page (/content): information submitted to the portal and adopted (notice 001, 附件3).
CONTENT_PAGE = "内容保障"
CONTENT_TITLE = CONTENT_PAGE + " · {region} · {period}"
CONTENT_NO_PERIOD = CONTENT_PAGE + " · {region}"
CONTENT_NONE = "{region}在{period}没有信息报送数据。"
CONTENT_OTHER_PERIODS = "有信息报送数据的期次："
CONTENT_TOTALS = "信息报送合计"
CONTENT_REPORTED_CAPTION = "通报公布 · {origin}"
CONTENT_COMPUTED_CAPTION = "计算值 · 由下表各单位的报送数、采用数汇总，不是通报公布的数字"
CONTENT_COMPUTED_ORIGIN = "各单位数据汇总"
CONTENT_SOURCE = "口径"
CONTENT_ORIGIN = "出处"
CONTENT_MEASURES = {"submitted": "信息报送数", "adopted": "信息采用数", "adoption_rate": "平均采用率"}
CONTENT_COMPUTED_MEASURES = {
    "submitted": "报送数（计算值）",
    "adopted": "采用数（计算值）",
    "adoption_rate": "采用率（计算值）",
}
CONTENT_UNITS = "报送单位数"
CONTENT_ZERO_UNITS = "未报送信息的单位"
CONTENT_DELTA = "较上期 {change}"
CONTENT_DELTA_POINTS = "较上期 {change} 个百分点"
CONTENT_NO_PREVIOUS = "上一期（{period}）没有信息报送数据，无法与上期比较。"
CONTENT_UNITS_TITLE = "各单位信息报送情况"
CONTENT_UNITS_TABLE = "各单位信息报送情况"
CONTENT_UNITS_HELP = (
    "按通报附表的顺序列出每个单位，报送数为 0 的单位标注“未报送”。“采用率（通报）”照录通报原文，"
    "“采用率（计算值）”由采用数除以报送数得出。点击一行查看该单位历次报送情况。"
)
CONTENT_UNITS_CAPPED = "本表仅列出前 {cap} 个单位，请选择省份或设区市查看全部。"
CONTENT_OWN_LEVEL = "本级"
CONTENT_ZERO_MARK = "未报送"
CONTENT_COLUMNS = {
    "seq": "序号",
    "unit": "单位名称",
    "name": "名称",
    "belongs": "所属",
    "portal": "报送网站",
    "period": "期次",
    "units": "单位数",
    "submitted": "信息报送数",
    "adopted": "信息采用数",
    "printed_rate": "采用率（通报）",
    "rate": "采用率（计算值）",
    "mark": "报送情况",
    "zero_units": "未报送单位数",
    "adopted_rank": "采用数排名",
    "rate_rank": "采用率排名",
    "adopted_change": "采用数较上期",
    "rate_change": "采用率较上期（计算值，个百分点）",
}
CONTENT_PRINTED_RATE_HELP = "通报原文印出的采用率，保留原文的位数（如 3.0%）。"
CONTENT_RATE_CHANGE_HELP = "本期与上期的计算采用率相减，单位为个百分点。"
CONTENT_RATE_RANK_HELP = "只有报送 {minimum} 条及以上的单位参加采用率排名。"
CONTENT_DEPARTMENTS = "{region}本级部门排名"
CONTENT_PLACES = {
    "country": "各省（区、市）排名",
    "province": "各设区市排名",
    "city": "各县（市、区）及功能区排名",
    "county": "功能区排名",
}
CONTENT_RANKING_HELP = (
    "按信息采用数排名；采用率排名只计报送 {minimum} 条及以上的单位（报送太少的单位采用率不可比）。"
    "点击单位查看其历次报送，点击地区进入该地区。"
)
CONTENT_BY_ADOPTED = "信息采用数前十名"
CONTENT_BY_RATE = "采用率前十名（报送 {minimum} 条及以上）"
CONTENT_CHART_EMPTY = "没有符合条件的单位。"
CONTENT_MSG_BAD_HISTORY = "网址中的单位编号“{value}”不存在或无权查看，已不再显示其历次报送。"
CONTENT_HISTORY = "{unit} · 历次信息报送"
CONTENT_HISTORY_CLOSE = "收起"
CONTENT_HISTORY_NONE = "该单位没有信息报送记录。"

# Disclosure and interaction page (/disclosure): disclosure counts (notice 002, 附件5), netizen messages
# (附件6 and notice 001's 我为政府网站找错) and filing-system changes (notice 001).
DISC_PAGE = "公开与互动"
DISC_TITLE = "政府信息公开与互动 · {region} · {period}"
DISC_NO_PERIOD = "政府信息公开与互动 · {region}"
DISC_NONE = "{region}在{period}没有政府信息公开、网民留言办理或备案变更数据。"
DISC_OTHER_PERIODS = "有数据的期次："
DISC_REPORTED_CAPTION = "通报公布 · {origin}"
DISC_COMPUTED_CAPTION = "计算值 · 由下表各部门的数字汇总，不是通报公布的数字"
DISC_DISCLOSURE = "政府信息公开情况"
DISC_DISCLOSURE_NONE = "本期没有各部门政府信息公开数据。"
DISC_PERIOD_COVERED = "统计时段：{period}"
DISC_DEPARTMENTS = "部门数"
DISC_WITH_REQUESTS = "办理依申请公开的部门"
DISC_OWN_LEVEL = "本级"
DISC_COLUMNS = {
    "rank": "排名",
    "seq": "通报序号",
    "unit": "部门",
    "belongs": "所属",
    "period": "期次",
    "period_text": "统计时段",
    "proactive_total": "主动公开信息（条）",
    "policy_interpretations": "政策解读材料",
    "proposal_handling": "建议提案办理",
    "key_area_items": "重点领域信息",
    "requests_on_time": "依申请公开已按时办结",
    "requests_pending": "依申请公开暂未办结",
}
DISC_RANKING = "各部门主动公开信息排名"
DISC_RANKING_HELP = "按主动公开信息条数排名，通报中空白的格子保持空白。点击一行查看该部门历次公开情况。"
DISC_CAPPED = "共 {total} 个部门，仅列出主动公开最多的 {cap} 个。"
DISC_CHART = "主动公开信息前 {top} 名"
DISC_BY_CHILD = "各地区政府信息公开汇总"
DISC_BY_CHILD_HELP = "各地区所属部门的数字之和（计算值）。点击一行进入该地区。"
DISC_MSG_BAD_HISTORY = "网址中的单位编号“{value}”不存在或无权查看，已不再显示其历次公开情况。"
DISC_HISTORY = "{unit} · 历次政府信息公开"
DISC_HISTORY_CLOSE = "收起"
DISC_HISTORY_NONE = "该部门没有政府信息公开记录。"
DISC_MESSAGES = "网民留言办理情况"
DISC_CHANNELS = {"governor_suggestion": "“我向省长建言”办理情况", "site_error_report": "“我为政府网站找错”留言办理情况"}
DISC_OWN_ROW_CAPTION = "本地区合计（按入库数据原样显示）"
DISC_MESSAGES_COMPUTED_CAPTION = "计算值 · 由下级地区和各单位的办理数字汇总，不是通报公布的数字"
DISC_MESSAGES_CAPPED = "仅列出前 {cap} 条。"
DISC_GROUP_OTHER = "其他"
DISC_MESSAGE_MEASURES = {
    "rows": "办理单位数",
    "received": "收到留言",
    "completed": "办结",
    "completion_rate": "办结率",
    "on_time_rate": "按时办结率",
    "avg_working_days": "办结平均时长（工作日）",
}
DISC_MESSAGE_COLUMNS = {
    "seq": "序号",
    "name": "受理单位",
    "received": "受理（条）",
    "completed": "办结（条）",
    "completion_rate": "办结率",
    "avg_working_days": "办结平均时长（工作日）",
    "on_time_rate": "按时办结率",
    "period_text": "统计时段",
}
DISC_AVG_DAYS_HELP = "各行办结平均时长按受理条数加权平均（计算值），不是通报公布的数字。"
DISC_RULE_STATED = "办理时限（通报原文）：{text}"
DISC_RULE_GENERAL = (
    "办理时限：“我为政府网站找错”平台转办的网民留言应在 3 个工作日内办结，按时办结率即按期办结的比例；"
    "本期通报未写明办理时限。"
)
DISC_REGISTRY = "政府网站和政务新媒体备案变更"
DISC_CHANGES = {"closed": "注销", "added": "新增", "renamed": "更名"}
DISC_CHANGE_COUNT = "{change}{kind}"
DISC_REGISTRY_COLUMNS = {
    "change": "变更",
    "kind": "类型",
    "code": "标识码/账号编号",
    "name": "名称",
    "platform_label": "平台",
    "unit_name": "主办单位",
    "region_name": "所在地区",
    "note": "备注",
}
DISC_REGISTRY_HELP = "在全国政府网站、政务新媒体信息报送系统中申请注销或申报新增的网站和账号。"
DISC_REGISTRY_CAPPED = "共 {total} 条，仅列出前 {cap} 条。"
DISC_TOTAL_LABELS = {
    "proactive_total": "主动公开信息（计算值）",
    "policy_interpretations": "政策解读材料（计算值）",
    "requests_on_time": "依申请公开按时办结（计算值）",
    "requests_pending": "依申请公开暂未办结（计算值）",
}
DISC_MESSAGE_TOTAL_LABELS = {
    "rows": "办理单位数（计算值）",
    "received": "收到留言（计算值）",
    "completed": "办结（计算值）",
    "avg_working_days": "平均办结时长（计算值，工作日）",
}
OVERVIEW_REPORT_DUE = "报送整改情况期限 {date}"
DISC_BY_CHILD_MESSAGES = "各地区汇总"
DISC_BY_CHILD_MESSAGES_HELP = (
    "本期数据来自多份通报，按下级地区汇总各单位和各地区的办理数字（计算值，已去除重复计入的下级地区）。"
    "点击一行进入该地区。"
)
DISC_GROUP_PLACES = "各地区"

# Problem list: AG Grid's own words (its column menu and filters), in Chinese.
PROBLEMS_GRID_LOCALE = {
    "noRowsToShow": "没有数据",
    "loadingOoo": "加载中…",
    "filterOoo": "筛选…",
    "searchOoo": "搜索…",
    "selectAll": "全选",
    "blanks": "（空白）",
    "equals": "等于",
    "notEqual": "不等于",
    "contains": "包含",
    "notContains": "不包含",
    "startsWith": "开头是",
    "endsWith": "结尾是",
    "blank": "为空",
    "notBlank": "不为空",
    "empty": "请选择",
    "lessThan": "小于",
    "greaterThan": "大于",
    "lessThanOrEqual": "小于或等于",
    "greaterThanOrEqual": "大于或等于",
    "inRange": "介于",
    "inRangeStart": "从",
    "inRangeEnd": "到",
    "andCondition": "并且",
    "orCondition": "或者",
    "applyFilter": "应用",
    "resetFilter": "重置",
    "clearFilter": "清除",
    "cancelFilter": "取消",
    "columnFilter": "筛选本列",
    "pinColumn": "固定列",
    "pinLeft": "固定在左侧",
    "pinRight": "固定在右侧",
    "noPin": "取消固定",
    "autosizeThisColumn": "自动调整本列宽度",
    "autosizeAllColumns": "自动调整所有列宽度",
    "resetColumns": "恢复默认列",
    "sortAscending": "升序",
    "sortDescending": "降序",
    "sortUnSort": "取消排序",
    "columnChooser": "选择列",
    "chooseColumns": "选择列",
    "page": "页",
    "of": "共",
    "to": "至",
    "more": "更多",
}
# ... and what it tells screen readers.
PROBLEMS_GRID_ARIA = {
    "ariaSortableColumn": "按回车键排序",
    "ariaFilterColumn": "按 Ctrl+回车键打开筛选",
    "ariaMenuColumn": "按 Alt+向下键打开列菜单",
    "ariaColumnFiltered": "已筛选本列",
    "ariaFilterInput": "筛选输入框",
    "ariaFilteringOperator": "筛选条件",
    "ariaFilterValue": "筛选值",
    "ariaRowSelect": "按空格键选择此行",
    "ariaRowDeselect": "按空格键取消选择此行",
    "ariaRowToggleSelection": "按空格键切换选择",
    "ariaChecked": "已选",
    "ariaUnchecked": "未选",
    "ariaHidden": "隐藏",
    "ariaVisible": "显示",
    "ariaSearch": "搜索",
    "ariaSortAscending": "升序",
    "ariaSortDescending": "降序",
    "ariaSortNone": "未排序",
    "ariaLabelColumnMenu": "列菜单",
    "ariaLabelDialog": "对话框",
    "ariaLabelSelectField": "选择框",
    "ariaLabelTooltip": "提示",
    "ariaRowSelectionDisabled": "此行不可选择",
}

# Import (/data): loading a file, the batches, the templates.
DATA_PAGE = "数据导入"
DATA_TITLE = "数据导入"
DATA_INTRO = "导入新一期的检查结果：先检查文件，确认无误后再写入；每次导入都是一个批次，可以撤销。"
DATA_MSG_BAD_PERIOD = "网址中的期次“{value}”无法识别（应为 2024Q1 这样的格式），已忽略。"
DATA_MSG_BAD_REGION = "网址中的地区代码“{value}”不存在，已忽略。"
DATA_UPLOAD_SECTION = "导入文件"
DATA_UPLOADER = "选择要导入的文件（Excel 或 CSV）"
DATA_UPLOADER_HELP = "支持 .xlsx、.xls 和 .csv（UTF-8 或 GBK 编码）；标题行、合并单元格和合计行可以保留。"
DATA_FILE = "文件：{name}"
DATA_SHEET = "工作表"
DATA_KIND = "表格类型"
DATA_KIND_HELP = "根据表头自动识别，请确认；识别不对时可以改选。"
DATA_KIND_RECOGNISED = "根据表头识别为：{label}（对上 {matched} 列）"
DATA_KIND_MISSING = "缺少必需的列：{labels}"
DATA_KIND_NONE = "无法根据表头识别表格类型，请在下面选择。"
DATA_KIND_OPTION = "{label}"
DATA_KIND_OPTION_MATCHED = "{label}（对上 {matched} 列）"
DATA_PERIOD = "期次"
DATA_PERIOD_PLACEHOLDER = "请选择期次"
DATA_PERIOD_FROM_TITLE = "文件标题写明了期次：{period}"
DATA_REGION = "所属地区"
DATA_REGION_LEVELS = {"province": "省份", "city": "设区市", "county": "县（市、区）"}
DATA_REGION_NONE = "请选择"
DATA_REGION_CHOSEN = "所属地区：{name}"
DATA_CHECK = "检查"
DATA_CHECK_HELP = "读取文件并逐行检查，不写入任何数据。"
DATA_CONFIRM = "确认导入"
DATA_CONFIRM_HELP = "检查通过后才能导入；整个文件一次写入，全部成功或全部不写入。"
DATA_STALE = "选择已改变，请重新检查。"
DATA_NOTES = "说明"
DATA_ISSUES = "文件中的问题"
DATA_ISSUE_COLUMNS = ("行号", "列", "问题")
DATA_PREVIEW = "预览（有问题的行标为红色）"
DATA_PREVIEW_TITLE = "导入预览"
DATA_PREVIEW_CAPPED = "仅显示前 {shown:,} 行（共 {total:,} 行，每一行都已检查）；完整预览请下载。"
DATA_COUNTS = "将写入"
DATA_COUNTS_WRITTEN = "已写入"
DATA_COUNT_LINE = "{table}：{count} 条"
DATA_DONE_LINKS = "查看导入的数据："
DATA_LINK_OVERVIEW = "概况 · {where}"
DATA_LINK_REGIONS = "地区下钻 · {where}"
DATA_LINK_PROBLEMS = "问题清单 · {where}"
DATA_BATCHES_SECTION = "导入记录"
DATA_BATCHES_NONE = "还没有导入记录。"
DATA_BATCHES_TITLE = "导入记录"
DATA_BATCH_COLUMNS = {
    "id": "批次",
    "created_at": "导入时间（北京时间）",
    "source": "文件名",
    "kind_label": "表格类型",
    "user_name": "导入人",
    "period": "期次",
    "region_name": "地区",
    "row_count": "文件行数",
    "added": "写入记录数",
    "detail": "写入明细",
    "status": "状态",
    "undone_at": "撤销时间（北京时间）",
    "undone_by": "撤销人",
}
DATA_BATCH_STATUS = {"active": "有效", "undone": "已撤销"}
DATA_UNDO = "撤销批次"
DATA_UNDO_PICK = "选择要撤销的批次"
DATA_UNDO_OPTION = "批次 {id}：{source}（{kind}，{when}）"
DATA_UNDO_NONE = "没有可以撤销的批次。"
DATA_UNDO_ASK = "撤销批次"
DATA_UNDO_CONFIRM = "确认撤销批次 {id}（{source}）？将删除这个批次写入的 {added} 条记录，其他数据不受影响。"
DATA_UNDO_YES = "确认撤销"
DATA_UNDO_NO = "取消"
DATA_UNDO_DONE = "已撤销批次 {id}：{removed}。"
DATA_UNDO_NOTHING = "没有删除任何记录"
DATA_TEMPLATES_SECTION = "模板下载"
DATA_TEMPLATES_INTRO = (
    "每种表格的模板：第一行是表头，第二行是示例（导入前请删除或改写），“填写说明”工作表列出每一列的要求。"
)
DATA_TEMPLATE_XLSX = "Excel 模板"
DATA_TEMPLATE_CSV = "CSV 模板"
DATA_ANONYMOUS = "未登录用户"
# ---------------------------------------------------------------- logging in, roles and accounts (AUTH_)

AUTH_LOGIN_TITLE = "登录"
AUTH_LOGIN_INTRO = "请使用您的账号登录。账号由管理员开设，可查看的地区由账号决定。"
AUTH_USER_NAME = "账号"
AUTH_DISPLAY_NAME = "显示名称（可不填）"
AUTH_PASSWORD = "密码"
AUTH_PASSWORD_AGAIN = "再次输入密码"
AUTH_LOGIN_BUTTON = "登录"
AUTH_LOGOUT_BUTTON = "退出登录"
AUTH_WRONG = "账号或密码错误。"
AUTH_LOCKED = "密码连续输错次数过多，账号已锁定，请 {minutes} 分钟后再试，或请管理员重设密码。"
AUTH_DISABLED = "该账号已停用，请联系管理员。"
AUTH_EMPTY_FIELDS = "请填写账号和密码。"
AUTH_FIRST_TITLE = "创建首个管理员"
AUTH_FIRST_INTRO = (
    "数据库中还没有任何账号。请为本看板创建第一个管理员账号（可查看全国数据并管理账号），"
    "之后用它登录并为其他人开设账号。"
)
AUTH_FIRST_BUTTON = "创建管理员并登录"
AUTH_PASSWORDS_DIFFER = "两次输入的密码不一致。"
AUTH_SIGNED_IN_AS = "当前账号：{name}（{role}，{scope}）"
AUTH_ROLE_LABELS = {"viewer": "查看", "editor": "数据维护", "admin": "管理员"}
AUTH_FORBIDDEN = "您的账号无权打开此页面。"
AUTH_SECRET_TOO_SHORT = "服务器配置有误：DASHBOARD_SECRET_KEY 至少需要 32 个字符，请联系管理员。"

AUTH_ACCOUNTS_PAGE = "账号管理"
AUTH_ACCOUNTS_TITLE = "账号管理"
AUTH_ACCOUNTS_LIST = "账号"
AUTH_ADD_TITLE = "新建账号"
AUTH_ADD_BUTTON = "新建账号"
AUTH_ROLE = "角色"
AUTH_REGION = "可查看的地区（6 位行政区划代码，含其下级；不填为全国）"
AUTH_ADDED = "已新建账号 {name}。"
AUTH_CHANGE_TITLE = "停用、启用或重设密码"
AUTH_CHOOSE_ACCOUNT = "选择账号"
AUTH_DISABLE_BUTTON = "停用"
AUTH_ENABLE_BUTTON = "启用"
AUTH_DISABLED_DONE = "已停用账号 {name}，其登录已结束。"
AUTH_ENABLED_DONE = "已启用账号 {name}。"
AUTH_NEW_PASSWORD = "新密码"
AUTH_RESET_BUTTON = "重设密码"
AUTH_RESET_DONE = "已重设账号 {name} 的密码（锁定已解除，其登录已结束）。"
AUTH_AUDIT_TITLE = "操作日志"
AUTH_AUDIT_CAPTION = "最近 {count} 条：登录（含失败）、锁定、退出、导入、撤销导入和账号变更。时间为北京时间。"
AUTH_STATE_ACTIVE = "启用"
AUTH_STATE_DISABLED = "停用"
AUTH_LOCKED_UNTIL = "锁定至 {until}"
AUTH_ACCOUNT_COLUMNS = {
    "user_name": "账号",
    "display_name": "显示名称",
    "role": "角色",
    "region": "可查看地区",
    "state": "状态",
    "lock": "锁定",
    "created_at": "创建时间",
    "password_changed_at": "密码修改时间",
}
AUTH_AUDIT_COLUMNS = {"at": "时间", "user_name": "账号", "action": "操作", "detail": "说明", "import_id": "导入批次"}
AUTH_ACTION_LABELS = {
    "login": "登录",
    "login_failed": "登录失败",
    "lock": "锁定账号",
    "logout": "退出登录",
    "account_add": "新建账号",
    "account_disable": "停用账号",
    "account_enable": "启用账号",
    "password_set": "重设密码",
    "import": "导入数据",
    "undo": "撤销导入",
    "task_publish": "下发整改任务",
    "task_submit": "反馈整改情况",
    "task_confirm": "确认整改",
    "task_return": "退回整改反馈",
}

# Notice writer (/report).
REPORT_PAGE = "通报起草"
REPORT_TITLE = "通报起草 · {region} · {period}"
REPORT_NOTHING = "库中没有{region}{period}的检查数字、问题名单或通报，无法起草通报。请选择其他期次或地区。"
REPORT_HELP = (
    "下面是按库中数据起草的通报。含数字的句子由数据生成：通报公布的数字照录原文，计算值保留两位小数；"
    "经验做法、主要问题和工作要求取自该期通报原文或模板。每一部分都可以修改，修改只保存在本次会话中，下载时以修改后的文字为准。"
)
REPORT_HEAD = "文头"
REPORT_FIELD_TITLE = "标题"
REPORT_FIELD_NUMBER = "文号"
REPORT_FIELD_ISSUER = "发文机关（落款）"
REPORT_FIELD_TO = "主送机关"
REPORT_FIELD_ISSUED = "印发日期"
REPORT_FIELD_FIX_BY = "整改期限（完成整改）"
REPORT_FIELD_REPORT_BY = "报送期限（报送整改情况）"
REPORT_DATES_HELP = "两个期限写入“下一步工作要求”的最后一段；改动期限后，该段按新期限重写。"
REPORT_FIELD_OPENING = "开头"
REPORT_FIELD_CLOSING = "整改与报送要求"
REPORT_FIELD_CONTACT = "联系人"
REPORT_ORIGIN_GENERATED = "由库中数据生成"
REPORT_ORIGIN_NARRATIVE = "取自该期通报原文"
REPORT_ORIGIN_TEMPLATE = "模板文字，请修改"
REPORT_FIGURES = "文中数字：{figures}"
REPORT_ANNEXES = "附件"
REPORT_ANNEXES_HELP = "附件按通报附件的格式由库中数据生成，下载的Word和PDF中为表格。"
REPORT_NO_ANNEXES = "本期没有可作附件的表格。"
REPORT_ANNEX = "附件{number}：{title}"
REPORT_CHECK = "下载前核对"
REPORT_CHECK_OK = "正文中的数字与附件一致。"
REPORT_DOWNLOAD = "下载通报"
REPORT_DOWNLOAD_DOCX = "下载 Word（.docx）"
REPORT_DOWNLOAD_PDF = "下载 PDF"
REPORT_FILE = "通报"
REPORT_NO_PDF_FONT = (
    "服务器没有安装可嵌入PDF的中文字体，暂不能下载PDF；请下载Word版，或请管理员安装中文字体（如 fonts-noto-cjk）。"
)


# Score bands (data_access.scoring.BANDS), on /scores, /inspect and in downloads.
SCORE_BAND_LABELS = {
    "110_plus": "110分及以上",
    "100_110": "100–110分",
    "90_100": "90–100分",
    "80_90": "80–90分",
    "60_80": "60–80分",
    "below_60": "60分以下（不合格）",
    "veto": "单项否决（不合格）",
    "unscored": "合格（不计分）",
}
INDICATOR_PART_LABELS = {"veto": "单项否决", "deduct": "扣分指标", "bonus": "加分指标"}
TARGET_KIND_SET_LABELS = {"site": "政府网站", "account": "政务新媒体"}

# Recording a check (/inspect).
INSPECT_PAGE = "检查评分"
INSPECT_TITLE = "检查评分录入"
INSPECT_INTRO = (
    "按指标集给网站、政务新媒体评分：勾选单项否决项，逐条添加扣分项（门户网站得分达到加分起点后可加分），"
    "得分和结论按规则即时计算。保存后写入检查记录和问题清单，各页面、下载和通报起草都能看到；"
    "本批次结束录入前可以修改，每次保存和修改都记入操作日志。"
)
INSPECT_ROUND = "检查批次"
INSPECT_ROUND_OPTION = "{period} · {region}（{issuer}）"
INSPECT_NO_ROUNDS = "本账号负责的地区没有正在录入的检查批次，请先新建一个。"
INSPECT_NEW_ROUND = "新建检查批次"
INSPECT_NEW_PERIOD = "期次"
INSPECT_NEW_REGION = "地区"
INSPECT_SITE_SET = "网站指标集"
INSPECT_ACCOUNT_SET = "政务新媒体指标集"
INSPECT_SET_OPTION = "{name}（第 {version} 版）"
INSPECT_CREATE = "新建"
INSPECT_CREATED = "已新建检查批次：{name}。"
INSPECT_SETS_USED = "本批次网站按“{site}”评分，政务新媒体按“{account}”评分。"
INSPECT_SET_NONE = "（库中没有）"
INSPECT_CLOSE = "结束本批次录入"
INSPECT_CLOSE_HELP = (
    "结束后本批次的检查记录不能再录入、修改或删除；在本页新建的批次结束后，其检查记录视为完整，可计算合格率。"
)
INSPECT_CLOSE_CONFIRM = "确认结束“{name}”的录入？结束后不能再录入、修改或删除本批次的检查记录。"
INSPECT_CLOSE_YES = "确认结束"
INSPECT_CANCEL = "取消"
INSPECT_CLOSED = "已结束“{name}”的录入。"
INSPECT_TARGET_SECTION = "检查对象"
INSPECT_KIND = "对象类型"
INSPECT_SEARCH = "输入网站标识码、账号编号或名称查找"
INSPECT_SEARCH_NONE = "本批次地区内没有找到“{text}”。"
INSPECT_SEARCH_CAPPED = "仅列出前 {cap} 个，请输入更完整的编号或名称。"
INSPECT_PICK = "选择网站或账号"
INSPECT_TARGET_OPTION = "{code}{name}（{unit}，{region}）"
INSPECT_TARGET_FACTS = "{kind}：{name}　编号：{code}　主办单位：{unit}　网址：{url}"
INSPECT_IMPORTED = "本期已有这一对象的检查记录（来自{origin}），不能在此录入或修改；请在导入文件中更正后重新导入。"
INSPECT_FROM_BATCH = "导入批次 {batch}"
INSPECT_FROM_NOTICE = "通报数据"
INSPECT_EDITING = "正在修改已保存的检查记录（第 {revision} 版）。"
INSPECT_PORTAL = "按门户网站评分（得分达到加分起点后可加分）"
INSPECT_SERVICES = "该单位有对外服务职能（没有则不检查“办事服务”和“服务不实用”）"
INSPECT_VETO_SECTION = "单项否决"
INSPECT_VETO_HELP = "出现任意一项即为不合格，不再对其他指标评分。勾选后请写明情况。"
INSPECT_NOTE = "说明"
INSPECT_NOTE_HELP = "问题描述、监测情况，会写入问题清单的“存在问题”。"
INSPECT_EVIDENCE = "证据网址"
INSPECT_IMAGE = "截图（可选，PNG、JPEG、GIF 或 WebP，不超过 2 MB）"
INSPECT_IMAGE_KEPT = "已有截图"
INSPECT_FINDINGS_SECTION = "扣分和加分"
INSPECT_ADD_TITLE = "添加一项"
INSPECT_ADD = "添加"
INSPECT_INDICATOR = "指标"
INSPECT_POINTS = "分值"
INSPECT_POINTS_HELP = "扣分或加分的分值，最多一位小数（如 0.2、0.5、5）；同一指标可以添加多项，合计按该指标的上限计入。"
INSPECT_INDICATOR_OPTION = "{part} · {label}（上限 {cap} 分）"
INSPECT_PART_WORDS = {"veto": "单项否决", "deduct": "扣分", "bonus": "加分"}
INSPECT_FINDING_COLUMNS = {
    "part": "类别",
    "indicator": "指标",
    "points": "分值",
    "counted": "计入分值（计算值）",
    "note": "说明",
    "evidence_url": "证据网址",
    "image": "截图",
}
INSPECT_HAS_IMAGE = "有"
INSPECT_REMOVE = "删除所选的一项"
INSPECT_REMOVE_PICK = "选择要删除的一项"
INSPECT_NO_FINDINGS = "还没有扣分或加分项。"
INSPECT_NEED_POINTS = "请填写分值。"
INSPECT_VERDICT_SECTION = "得分和结论（按规则即时计算）"
INSPECT_SCORE = "得分（计算值）"
INSPECT_RESULT = "结论"
INSPECT_DEDUCTED = "扣分（计算值）"
INSPECT_BONUS = "加分（计算值）"
INSPECT_BAND = "得分档次"
INSPECT_VETOED = "单项否决：{items}。不合格，不再对其他指标评分。"
INSPECT_SKIPPED = "该单位无对外服务职能，以下各项不计分：{items}"
INSPECT_NO_BONUS = "加分项只在门户网站得分达到 {threshold} 分时计入，本次不计。"
INSPECT_NO_SCORE = "本指标集只有单项否决项：未勾选即为合格，不计分。"
INSPECT_RULES = "本批次的指标及评分细则"
INSPECT_RULE_COLUMNS = {
    "part": "类别",
    "group_name": "一级指标",
    "name": "指标",
    "cap": "上限分值",
    "rule_text": "评分细则",
}
INSPECT_SAVE = "保存检查结果"
INSPECT_SAVED = "已保存：{name}，{result}。"
INSPECT_SEE_PROBLEMS = "在问题清单中查看"
INSPECT_SEE_TARGET = "查看该对象的历次检查"
INSPECT_DELETE = "删除这条检查记录"
INSPECT_DELETE_CONFIRM = "确认删除“{name}”本批次的检查记录？删除会记入操作日志。"
INSPECT_DELETE_YES = "确认删除"
INSPECT_DELETED = "已删除“{name}”本批次的检查记录。"
INSPECT_RECORDED = "本批次在本页录入的检查"
INSPECT_RECORDED_HELP = "点击一行打开该检查记录，可以修改。"
INSPECT_RECORDED_NONE = "本批次还没有在本页录入的检查。"
INSPECT_RECORDED_COLUMNS = {
    "kind": "类型",
    "code": "标识码/账号编号",
    "name": "名称",
    "region_name": "所在地区",
    "result": "结论",
    "score": "得分",
    "band": "得分档次",
    "findings": "扣分加分项数",
    "recorded_by": "录入人",
    "updated_by": "修改人",
    "updated_at": "最后保存（北京时间）",
}
INSPECT_NO_SET = "库中没有可用于{kind}的指标集，请管理员在“指标体系”页添加。"
INSPECT_MSG_BAD_ROUND = "网址中的检查批次“{value}”不存在、已结束录入或不在本账号负责的地区，请重新选择。"
INSPECT_MSG_BAD_TARGET = "网址中的网站或账号“{value}”不存在或不在本账号负责的地区，请重新查找。"

# Score analysis (/scores).
SCORES_PAGE = "评分分析"
SCORES_TITLE = "评分分析 · {region} · {period}"
SCORES_NO_PERIOD = "评分分析 · {region}"
SCORES_INTRO = (
    "按指标集评分的检查（在“检查评分”页录入、导入评分表或演示数据）在各地区、各单位的得分和失分情况。"
    "本页的汇总数字都由已入库的得分计算，标注“计算值”；通报只公布得分档次，见页末。"
)
SCORES_KIND = "对象类型"
SCORES_NONE = "{region}在{period}没有按指标集评分的{kind}检查记录。"
SCORES_OTHER_PERIODS = "有评分记录的期次："
SCORES_METRICS = {
    "scored": "评分检查数",
    "average": "平均得分（计算值）",
    "passed_share": "合格率（计算值）",
    "vetoed": "单项否决数",
    "below_60": "60分以下数",
    "bonus": "获得加分数",
}
SCORES_METRIC_HELP = "计算值：由已入库的得分计算，不是通报公布的数字。平均得分只计有得分的检查（单项否决的不计分）。"
SCORES_CHILDREN = "各地区得分情况（计算值）"
SCORES_CHILDREN_HELP = "点击一行进入该地区。失分最多的指标按扣分合计排列。"
SCORES_CHILD_COLUMNS = {
    "region_name": "地区",
    "checks": "检查数",
    "scored": "有得分的检查数",
    "average": "平均得分（计算值）",
    "lowest": "最低分",
    "highest": "最高分",
    "vetoed": "单项否决数",
    "below_60": "60分以下数",
    "top_indicators": "失分最多的指标（扣分合计，计算值）",
}
SCORES_INDICATORS = "失分最多的指标（计算值）"
SCORES_INDICATORS_HELP = (
    "每个指标在本地区所有有得分的检查中的扣分合计和平均每次检查扣分，已按指标上限计入；单项否决的检查不计分，不在此列。"
    "点击柱子或表格中的一行，列出在该指标失分的网站。"
)
SCORES_INDICATOR_COLUMNS = {
    "rank": "排名",
    "group_name": "一级指标",
    "name": "指标",
    "cap": "上限分值",
    "points": "扣分合计（计算值）",
    "average": "平均每次检查扣分（计算值）",
    "checks": "失分的检查数",
    "share": "失分检查占比（计算值）",
}
SCORES_POINTS_AXIS = "扣分合计（计算值）"
SCORES_BONUS = "加分情况（计算值）"
SCORES_BONUS_COLUMNS = {
    "group_name": "一级指标",
    "name": "指标",
    "cap": "上限分值",
    "points": "加分合计（计算值）",
    "checks": "获得加分的检查数",
}
SCORES_DISTRIBUTION = "得分分布（计算值）"
SCORES_DISTRIBUTION_HELP = "每 5 分一组的检查数；单项否决的检查没有得分，单独计数。"
SCORES_HISTOGRAM_AXIS = "得分"
SCORES_COUNT_AXIS = "检查数"
SCORES_BANDS = "得分档次（计算值）"
SCORES_BANDS_HELP = (
    "档次按评分规则的分界划分：60分是合格线，80分起门户网站可以加分，100分是扣分部分的满分；"
    "100–110分、110分及以上对应通报“得分较高的网站”名单的档次，90分把多数网站所在的80–100分分开。"
)
SCORES_BAND_COLUMNS = {"band": "得分档次", "checks": "检查数", "share": "占比（计算值）"}
SCORES_VETO = "单项否决原因（计算值）"
SCORES_VETO_HELP = "单项否决的检查按所涉否决项计数，一次检查可涉及几项。"
SCORES_VETO_COLUMNS = {"name": "单项否决项", "checks": "检查数", "share": "占单项否决检查的比例（计算值）"}
SCORES_UNITS = "各单位得分（平均得分最低的在前，计算值）"
SCORES_UNITS_HELP = "本地区各主办单位的网站或账号的得分；点击一行在地区下钻页查看该单位。"
SCORES_UNITS_CAPPED = "仅列出平均得分最低的 {cap} 个单位。"
SCORES_UNIT_COLUMNS = {
    "unit_name": "单位",
    "region_name": "所在地区",
    "checks": "检查数",
    "scored": "有得分的检查数",
    "average": "平均得分（计算值）",
    "lowest": "最低分",
    "vetoed": "单项否决数",
    "points": "扣分合计（计算值）",
    "top_indicator": "失分最多的指标",
}
SCORES_LOSERS = "在“{indicator}”失分的检查"
SCORES_LOSERS_HELP = "点击一行查看该网站或账号的历次检查记录。"
SCORES_LOSERS_CAPPED = "仅列出扣分最多的 {cap} 个。"
SCORES_LOSERS_CLOSE = "收起"
SCORES_LOSER_COLUMNS = {
    "code": "标识码/账号编号",
    "name": "名称",
    "unit_name": "主办单位",
    "region_name": "所在地区",
    "points": "该指标扣分",
    "note": "说明",
    "score": "得分",
}
SCORES_PRINTED = "通报公布的得分档次"
SCORES_PRINTED_HELP = "通报“得分较高的网站”名单所列档次，照录原文；这些网站没有逐项得分。"
SCORES_PRINTED_COLUMNS = {"score_band": "得分档次（通报原文）", "sites": "网站数", "source": "通报"}
SCORES_MSG_BAD_KIND = "网址中的对象类型“{value}”无法识别，已显示政府网站。"
SCORES_MSG_BAD_INDICATOR = "网址中的指标“{value}”无法识别，已取消。"
SCORES_MSG_UNKNOWN_INDICATOR = "网址中的指标编号“{value}”不存在，已取消。"

# Indicator sets (/indicators): administrators only.
INDICATORS_PAGE = "指标体系"
INDICATORS_TITLE = "指标体系"
INDICATORS_INTRO = (
    "检查评分所用的指标集。每个指标集按版本保存：修改或导入都生成新版本，已按旧版本评分的检查不受影响；"
    "新建的检查批次默认使用本地区（或上级地区、全国）最新的有效版本。"
)
INDICATORS_LIST = "指标集"
INDICATORS_COLUMNS = {
    "name": "名称",
    "code": "代码",
    "version": "版本",
    "kind": "对象类型",
    "region_name": "适用地区",
    "max_score": "满分",
    "pass_line": "合格线",
    "bonus_threshold": "加分起点",
    "bonus_max": "加分上限",
    "active": "用于新批次",
    "indicators": "指标数",
    "used": "已用于评分",
    "created_by": "添加人",
    "source": "来源",
}
INDICATORS_NATIONAL = "全国"
INDICATORS_PICK = "查看指标集"
INDICATORS_ITEMS = "指标"
INDICATORS_ITEM_COLUMNS = {
    "part": "类别",
    "group_name": "一级指标",
    "name": "指标",
    "cap": "上限分值",
    "category": "问题类别",
    "also_categories": "其他问题类别",
    "needs_services": "无对外服务职能时不检查",
    "rule_text": "评分细则",
}
INDICATORS_DOWNLOAD = "下载该指标集（Excel，可修改后导入为新版本）"
INDICATORS_EDIT = "修改为新版本"
INDICATORS_EDIT_HELP = "在表中修改、增加或删除指标，保存为该指标集的下一版本。类别填“单项否决”“扣分指标”或“加分指标”。"
INDICATORS_SAVE = "保存为新版本"
INDICATORS_SAVED = "已保存“{name}”第 {version} 版。"
INDICATORS_IMPORT = "导入指标集（Excel）"
INDICATORS_IMPORT_HELP = (
    "按下载的格式填写：“指标集”工作表写名称、代码、对象类型、适用地区代码等，“指标”工作表每行一个指标。"
    "代码已存在时导入为该指标集的新版本，否则为新指标集。"
)
INDICATORS_UPLOADER = "选择指标集文件（.xlsx）"
INDICATORS_IMPORT_BUTTON = "导入"
INDICATORS_IMPORTED = "已导入“{name}”第 {version} 版。"
AUTH_ACTION_LABELS.update(
    {
        "check_record": "录入检查",
        "check_edit": "修改检查",
        "check_delete": "删除检查",
        "round_create": "新建检查批次",
        "round_close": "结束检查批次录入",
        "set_add": "添加指标集版本",
    }
)
INSPECT_OTHER_TARGET = "换一个对象"
POINTS_TEXT = "{points}分"
INSPECT_RESULT_SCORE = "{result} {score}分"
INDICATORS_SET_OPTION = "{name}（{code} 第 {version} 版）"
INDICATORS_SET_TITLE = "{name} 第{version}版"
INDICATORS_FILE = "指标集_{code}_v{version}.xlsx"
INDICATORS_AUDIT = "{name} 第{version}版（{code}）"
INDICATORS_READ = "{name}（{code}）：{count} 个指标"
