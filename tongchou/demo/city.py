"""The demo city's facts (shared/design/seed-city.md), as data. ``seed.py`` loads them through services."""

from __future__ import annotations

OFFICE_UNIT = ("XXW", "市信息化工作委员会办公室")

# (code, name, kind)
UNITS: list[tuple[str, str, str]] = [
    (*OFFICE_UNIT, "department"),
    ("ZFB", "市政府办公室", "department"),
    ("FGJ", "市发展和改革局", "department"),
    ("JMJ", "市经济贸易局", "department"),
    ("NB", "市农业和农村工作办公室", "department"),
    ("XXZX", "市信息中心", "department"),
    ("CZJ", "市财政局", "department"),
    ("SJJ", "市审计局", "department"),
    ("JCJ", "市监察局", "department"),
    ("CGJ", "市城管局", "department"),
    ("GAJ", "市公安局", "department"),
    ("GTJ", "市国土资源局", "department"),
    ("JYJ", "市教育局", "department"),
    ("WSJ", "市卫生局", "department"),
    ("MZJ", "市民政局", "department"),
    ("RSJ", "市人力资源和社会保障局", "department"),
    ("JSJ", "市住房和城乡建设局", "department"),
    ("JTJ", "市交通运输局", "department"),
    ("HBJ", "市环境保护局", "department"),
    ("WGXJ", "市文化广电新闻出版局", "department"),
    ("TJJ", "市统计局", "department"),
    ("DAJ", "市档案局", "department"),
    ("LQZ", "灵桥镇", "township"),
    ("XDZ", "新登镇", "township"),
    ("CKZ", "场口镇", "township"),
    ("CAZ", "常安镇", "township"),
    ("WSZ", "万市镇", "township"),
    ("DQZ", "洞桥镇", "township"),
    ("XKZ", "胥口镇", "township"),
    ("DZJD", "东洲街道", "subdistrict"),
    ("FCJD", "富春街道", "subdistrict"),
    ("CJJD", "春江街道", "subdistrict"),
    ("YHJD", "银湖街道", "subdistrict"),
]

# (group name, lead unit code, programme code, programme name, English name)
GROUPS: list[tuple[str, str, str, str, str]] = [
    ("电子政务组", "ZFB", "P1", "高效能电子政务提升工程", "E-government efficiency"),
    ("城市与社区信息化组", "FGJ", "P2", "城市与社区信息化推进工程", "City and community informatization"),
    ("两化融合组", "JMJ", "P3", "信息化与工业化融合促进工程", "Informatization–industrialization integration"),
    ("农村信息化组", "NB", "P4", "农村信息化示范工程", "Rural informatization demonstration"),
]

# (username, family name, given name, unit code, role, phone)
PEOPLE: list[tuple[str, str, str, str, str, str]] = [
    ("office", "王", "建国", "XXW", "office", "0571-63300001"),
    ("leader", "陈", "志远", "ZFB", "leader", "0571-63300002"),
    ("finance", "李", "秀英", "CZJ", "finance", "0571-63300003"),
    ("zfb", "赵", "文华", "ZFB", "group_lead", "0571-63300011"),
    ("fgj", "钱", "立新", "FGJ", "group_lead", "0571-63300012"),
    ("jmj", "孙", "海涛", "JMJ", "group_lead", "0571-63300013"),
    ("nb", "周", "春生", "NB", "group_lead", "0571-63300014"),
    ("lqz", "吴", "晓峰", "LQZ", "unit", "0571-63300021"),
    ("dzjd", "郑", "丽娟", "DZJD", "unit", "0571-63300022"),
    ("jcj", "冯", "国强", "JCJ", "unit", "0571-63300023"),
    ("sjj", "褚", "明", "SJJ", "unit", "0571-63300024"),
    ("cgj", "卫", "东", "CGJ", "unit", "0571-63300025"),
    ("xxzx", "蒋", "华", "XXZX", "unit", "0571-63300026"),
]

# The key projects of the year. Amounts in yuan; the year's fund is 10,000,000 and cannot cover all.
# (code, name, programme, unit, owner, phone, tier, budget, start month, end month, description, modules)
PROJECTS: list[dict] = [
    {
        "code": "DZJC-01", "name": "权力阳光运行信息平台（电子监察系统）", "programme": "P1", "unit": "JCJ",
        "owner": ("冯国强", "0571-63300023"), "tier": "guaranteed", "budget": "2600000.00",
        "months": (3, 11), "vendor": "",
        "description": "对行政审批、行政处罚和公共资源交易实施全过程电子监察，实现权力运行公开透明、全程留痕。",
        "modules": [
            ("行政审批电子监察", "对各部门行政审批事项的受理、办理、办结进行实时监察和预警纠错。"),
            ("行政处罚电子监察", "对行政处罚自由裁量权的行使进行网上监督。"),
            ("公共资源交易监察", "对工程招投标、政府采购、土地出让等交易活动进行电子监察。"),
            ("绩效评估", "对部门依法行政和服务效能进行量化评估。"),
            ("投诉处理", "受理群众投诉并跟踪督办。"),
        ],
    },
    {
        "code": "CSZH-01", "name": "城市数字信息综合管理平台", "programme": "P2", "unit": "XXZX",
        "owner": ("蒋华", "0571-63300026"), "tier": "guaranteed", "budget": "3000000.00",
        "months": (2, 12), "vendor": "",
        "description": "整合公安、城管、交通等部门的视频监控资源，建设统一的城市数字信息综合管理平台，避免各部门分散建设视频监控平台。",
        "modules": [
            ("视频监控整合", "接入公安、城管、交通等部门的视频监控点位，统一存储和调阅。"),
            ("地理信息服务", "提供全市统一的电子地图和空间数据服务。"),
            ("数据交换", "与各部门业务系统进行数据交换和共享。"),
            ("指挥调度", "突发事件的统一指挥调度。"),
        ],
    },
    {
        "code": "SZCG-01", "name": "数字城管平台", "programme": "P2", "unit": "CGJ",
        "owner": ("卫东", "0571-63300025"), "tier": "reserve", "budget": "2800000.00",
        "months": (4, 12), "vendor": "",
        "description": "建设数字化城市管理信息系统，实现城市部件和事件的网格化管理。",
        "modules": [
            ("城市部件管理", "城市部件普查、编码和网格化管理。"),
            ("案件受理与派遣", "城管问题的采集、受理、派遣、处置和核查结案。"),
            ("视频监控", "城管重点区域视频监控（拟接入城市数字信息综合管理平台）。"),
            ("综合考核评价", "对处置部门和监督员进行考核评价。"),
        ],
    },
    {
        "code": "SJJD-01", "name": "审计监督信息平台", "programme": "P1", "unit": "SJJ",
        "owner": ("褚明", "0571-63300024"), "tier": "reserve", "budget": "1800000.00",
        "months": (5, 12), "vendor": "",
        "description": "建设联网审计和审计项目管理系统，对财政资金和行政审批实施审计监督。",
        "modules": [
            ("联网审计", "与财政、社保等部门联网，实施数据式审计。"),
            ("审计项目管理", "审计项目的计划、实施、报告和整改跟踪。"),
            ("行政审批监督", "对行政审批事项的合规性进行审计监督和预警。"),
            ("公共资源交易审计", "对工程招投标和政府采购进行审计监督。"),
        ],
    },
    {
        "code": "OA-01", "name": "党政办公自动化系统推广", "programme": "P1", "unit": "ZFB",
        "owner": ("赵文华", "0571-63300011"), "tier": "guaranteed", "budget": "1000000.00",
        "months": (1, 10), "vendor": "",
        "description": "先在市政府办公室内部全面应用办公自动化系统，再推广到各部门和乡镇（街道），实现公文网上流转。",
        "modules": [
            ("公文流转", "收文、发文、签报的网上办理。"),
            ("督查督办", "领导批示和重点工作的督查督办。"),
            ("信息报送", "政务信息的网上报送和采编。"),
            ("移动办公", "手机端公文审批和通知。"),
        ],
    },
    {
        "code": "XXZX-01", "name": "市信息中心筹建：数据交换中心、服务器中心、中心机房", "programme": "P2",
        "unit": "XXZX", "owner": ("蒋华", "0571-63300026"), "tier": "guaranteed", "budget": "2300000.00",
        "months": (1, 9), "vendor": "",
        "description": "建设全市统一的数据交换中心、服务器中心和中心机房，各部门分散机房逐步迁入，服务器资源共享。",
        "modules": [
            ("数据交换中心", "部门间数据交换和共享的统一平台。"),
            ("服务器中心", "虚拟化服务器资源池，供各部门项目共享使用。"),
            ("中心机房", "符合等级保护要求的集中机房。"),
        ],
    },
    {
        "code": "ZZJN-01", "name": "造纸行业节能减排信息化项目", "programme": "P3", "unit": "JMJ",
        "owner": ("孙海涛", "0571-63300013"), "tier": "reserve", "budget": "1200000.00",
        "months": (4, 12), "vendor": "",
        "description": "对全市造纸企业的能耗和排污实施在线监测，推动节能减排。",
        "modules": [
            ("能耗在线监测", "重点造纸企业水、电、汽能耗的在线采集和分析。"),
            ("排污在线监控", "废水排放的在线监测和超标预警。"),
        ],
    },
    {
        "code": "DSQY-01", "name": "示范企业、电子商务进企业", "programme": "P3", "unit": "JMJ",
        "owner": ("孙海涛", "0571-63300013"), "tier": "reserve", "budget": "800000.00",
        "months": (3, 12), "vendor": "",
        "description": "培育信息化示范企业，推动中小企业应用电子商务。",
        "modules": [("电子商务服务平台", "为中小企业提供网上商铺和交易服务。"),
                    ("示范企业评选", "信息化示范企业的申报和评选。")],
    },
    {
        "code": "NCSF-01", "name": "灵桥镇农村信息化示范乡镇建设", "programme": "P4", "unit": "LQZ",
        "owner": ("吴晓峰", "0571-63300021"), "tier": "reserve", "budget": "600000.00",
        "months": (3, 11), "vendor": "",
        "description": "建设灵桥镇农村信息化示范乡镇：村务公开、农技服务和便民服务信息化。",
        "modules": [("村务公开", "村务、财务信息的网上公开。"),
                    ("农技服务", "农业技术信息服务和专家咨询。"),
                    ("便民服务站", "村级便民服务信息站点。")],
    },
    {
        "code": "NCSF-02", "name": "东洲街道智慧社区示范建设", "programme": "P4", "unit": "DZJD",
        "owner": ("郑丽娟", "0571-63300022"), "tier": "reserve", "budget": "500000.00",
        "months": (4, 12), "vendor": "",
        "description": "建设东洲街道社区综合信息服务平台，争创农村信息化示范乡镇（街道）。",
        "modules": [("社区综合服务", "社区事务的一站式网上办理。"),
                    ("便民服务站", "社区便民服务信息站点。")],
    },
    {
        "code": "NCSF-03", "name": "农村信息化示范村建设（15个）", "programme": "P4", "unit": "NB",
        "owner": ("周春生", "0571-63300014"), "tier": "guaranteed", "budget": "900000.00",
        "months": (2, 12), "vendor": "",
        "description": "全年建成15个农村信息化示范村，每村建设信息服务站和村务公开系统。",
        "modules": [("村级信息服务站", "示范村信息服务站的设备和网络。"),
                    ("村务公开", "村务、财务信息的网上公开。")],
    },
]
