"""Vocabulary for realistic Chinese names of places, bodies, people, vendors, projects and modules.

Only the random generator passed in decides which are drawn, so a seed gives the same names."""

from __future__ import annotations

import random
from collections.abc import Iterator

# Characters that make plausible place names when two are put together.
PLACE_CHARS = (
    "安平临江东阳西湖南山北川清河长乐永宁新丰华亭青田云和松阳龙泉庆元遂昌德清海宁桐乡嘉善富春"
    "建德淳安桐庐余杭萧山上虞诸暨嵊州天台仙居温岭玉环黄岩三门宁海象山奉化慈溪瑞安乐清苍南文成泰顺"
    "开化常山江山武义浦江磐安兰溪义乌宜兴溧阳金坛丹阳句容扬中泰兴靖江如皋海安启东通州崇明宝应高邮"
)
PROVINCE_DEPARTMENTS = (
    "省发展和改革委员会", "省经济和信息化厅", "省教育厅", "省科学技术厅", "省公安厅", "省民政厅", "省司法厅",
    "省财政厅", "省人力资源和社会保障厅", "省自然资源厅", "省生态环境厅", "省住房和城乡建设厅", "省交通运输厅",
    "省水利厅", "省农业农村厅", "省商务厅", "省文化和旅游厅", "省卫生健康委员会", "省审计厅", "省应急管理厅",
    "省市场监督管理局", "省统计局", "省医疗保障局", "省大数据发展管理局", "省档案馆", "省政务服务中心",
    "省人民政府办公厅", "省信息中心",
)
DEPARTMENTS = (
    "人民政府办公室", "发展和改革局", "经济和信息化局", "教育局", "科学技术局", "公安局", "民政局", "司法局",
    "财政局", "人力资源和社会保障局", "自然资源和规划局", "生态环境分局", "住房和城乡建设局", "交通运输局",
    "水利局", "农业农村局", "商务局", "文化广电旅游体育局", "卫生健康局", "退役军人事务局", "应急管理局",
    "审计局", "市场监督管理局", "统计局", "医疗保障局", "城市管理局", "信访局", "档案馆", "大数据发展中心",
    "政务服务中心", "信息中心", "综合行政执法局", "林业局", "气象局", "税务局", "人民法院", "人民检察院",
    "融媒体中心", "公共资源交易中心", "疾病预防控制中心",
)
TOPICS = (
    "电子政务", "电子监察", "数字城管", "智慧交通", "视频监控", "数据交换", "政务云", "网上审批", "审计监督",
    "不动产登记", "社会保障", "智慧医疗", "智慧教育", "应急指挥", "环境监测", "农村信息化", "企业信用",
    "公共资源交易", "档案数字化", "12345热线", "网格化管理", "智慧社区", "财政预算", "税收征管",
    "食品安全追溯", "智慧水利", "智慧养老", "河长制", "雪亮工程", "一网通办", "协同办公", "电子证照",
    "行政执法", "安全生产", "智慧农业", "森林防火", "智慧旅游", "电子商务", "节能减排", "信息安全",
)
SYSTEM_KINDS = ("系统", "平台", "信息系统", "管理平台", "综合管理平台", "一体化平台", "升级改造项目",
                "建设项目", "服务平台", "监管平台", "数据中心")
PHASES = ("", "", "", "（一期）", "（二期）", "（三期）", "扩容", "运维")
MODULES = (
    "统一身份认证", "电子监察", "数据交换", "移动办公", "统计分析", "报表中心", "地理信息", "视频接入",
    "预警监测", "工作流引擎", "电子签章", "档案管理", "短信平台", "门户网站", "数据仓库", "接口服务",
    "系统集成", "安全防护", "容灾备份", "用户管理", "权限管理", "日志审计", "服务器及存储", "网络设备",
    "机房改造", "综合查询", "决策支持", "大屏展示", "移动应用", "数据治理", "资源目录", "事项管理",
    "在线申报", "审批办理", "电子归档", "考核评价", "绩效管理", "知识库", "智能客服", "物联感知",
)
GOALS = (
    "提高行政效能", "实现部门间信息共享", "减少重复建设", "方便群众办事", "提升监管能力", "节约财政资金",
    "实现全过程留痕可追溯", "支撑领导科学决策", "推动业务协同", "保障数据安全",
)
FAMILY_NAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
    "袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟"
    "熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文斌辉鹏宇"
    "浩晨婷雪琳峰波俊海燕飞宁欣悦思佳立志新春"
)
COMPANY_WORDS = ("华信", "中科", "东方", "数联", "浙大", "天正", "恒生", "金盾", "博远", "智云", "易通", "新视",
                 "鼎捷", "中软", "长城", "创维", "海康", "大华", "致远", "国泰")
COMPANY_KINDS = ("信息技术有限公司", "软件股份有限公司", "科技有限公司", "系统集成有限公司", "网络科技有限公司",
                 "数据服务有限公司")


def unique_place_names(rng: random.Random, count: int, suffix: str, taken: set[str]) -> list[str]:
    """``count`` two-character place names + ``suffix`` not in ``taken`` (which this extends)."""
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(PLACE_CHARS) + rng.choice(PLACE_CHARS) + suffix
        if name[0] != name[1] and name not in taken:
            taken.add(name)
            names.append(name)
    return names


def person_name(rng: random.Random) -> tuple[str, str]:
    """(family name, given name): one or two given characters, as in real life."""
    given = rng.choice(GIVEN_CHARS) + (rng.choice(GIVEN_CHARS) if rng.random() < 0.7 else "")
    return rng.choice(FAMILY_NAMES), given


def vendor_name(rng: random.Random, place: str) -> str:
    return f"{place}{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_KINDS)}"


def project_name(rng: random.Random, unit_name: str, topic: str) -> str:
    return f"{unit_name}{topic}{rng.choice(SYSTEM_KINDS)}{rng.choice(PHASES)}"


def module_names(rng: random.Random, count: int) -> list[str]:
    return rng.sample(MODULES, min(count, len(MODULES)))


def description(rng: random.Random, topic: str, modules: list[str]) -> str:
    shown = "、".join(modules[:3])
    return (f"围绕{topic}业务需求，建设{shown}等功能，{rng.choice(GOALS)}，{rng.choice(GOALS)}。"
            f"项目依托政务云部署，与上级系统对接。")


def cycle(items: list[int]) -> Iterator[int]:
    while True:
        yield from items
