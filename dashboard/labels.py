"""Every user-facing Chinese label, in one place."""

from __future__ import annotations

APP_TITLE = "政府网站与政务新媒体检查监管"
NATIONAL = "全国"

KIND_LABELS = {
    "site": "政府网站",
    "account": "政务新媒体",
    "platform": "政府信息公开平台",
    "content": "信息报送",
    "message": "网民留言办理",
    "disclosure": "政府信息公开",
}
KIND_UNITS = {"site": "家", "account": "个", "platform": "家"}

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

CATEGORY_LABELS = {
    "unreachable": "站点无法访问",
    "homepage_not_updated": "首页不更新",
    "columns_not_updated": "栏目不更新",
    "empty_columns": "空白栏目",
    "not_updated": "未及时更新",
    "serious_error": "严重表述错误",
    "improper_link": "不当链接",
    "security": "安全隐患",
    "no_interaction": "缺少有效互动渠道",
    "interaction_unusable": "互动功能不可用",
    "poor_response": "互动回应差",
    "service_unusable": "服务不实用",
    "app_malfunction": "APP使用异常",
    "content_missing": "应发布内容缺失",
    "misplaced_content": "发布非本单位信息",
    "other": "其他",
}

LEVEL_LABELS = {"province": "省级", "city": "市级", "county": "县级"}
OWN_LEVEL = {"province": "省本级", "city": "市本级", "county": "本级"}

COMPUTED = "计算值"
COMPUTED_HELP = "通报未给出此数，由已入库数据计算，仅供参考，不是通报公布的数字。"
LISTED_HELP = "通报附件名单所列的问题对象数；通报只列出有问题的对象，不能据此计算合格率。"

PAGE_OVERVIEW = "概况"

# Sidebar filters.
FILTER_PERIOD = "检查期次"
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
MSG_DB_ERROR = "无法打开数据库，请联系管理员检查数据库配置（DASHBOARD_DATABASE_URL）。"
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
TREND_NONE = "该地区没有可比较的合格率。"
AFTER_RECTIFICATION = "（整改后）"
REPORTED = "通报公布"
SUBREGIONS = "下级地区"
REGION_CODE = "代码"
REGION_NAME = "地区"
DRILL = "查看"
DRILL_LINK = "进入"
PROBLEM_CATEGORIES = "问题类别"
PROBLEM_CATEGORIES_HELP = "按通报所列问题归入《政府网站与政务新媒体检查指标》的标准类别，一个对象可有多类问题。"
PROBLEM_TARGETS = "问题对象数"
PASS_RATE_AXIS = "合格率（%）"
HIGH_SCORERS = "得分较高的网站"
HIGH_SCORERS_CAPPED = "仅列出得分最高的 {cap} 个。"
HIGH_SCORER_COLUMNS = ("得分档次", "网站名称", "所在地区", "得分")
OVERVIEW_NO_PERIOD = "{region} · 检查概况"
