"""HELD-OUT labelled proposal scenarios for bench/proposal_matching_bench.py (``--labels heldout``):
what a presales engineer would type into a proposal template, and which demo-library items answer
each requirement line. The set of bench/proposal_matching_labels.py has become a development set
(the matching rules were tuned on its misses); this one was written to test those rules honestly
and must never be used for tuning: read its results, do not fit the rules to its misses. Once the
rules have been changed after reading its misses, it is a development set too and a new held-out
set is needed.

Written BLIND: by reading the items under knowledge/ (their front matter and text) and the
templates (their sections, kinds, exclude rules and example.yaml) only, before any search,
matching or ranking was run on these inputs, and before the bench was run on them. The labels
say what a good proposal would place, not what the code finds. Customers, projects and
requirement wordings differ from those of the development set.

The conventions are those of proposal_matching_labels.py. Each scenario names a template and its
inputs (merged over the template's example.yaml by the bench, so every required input is
filled); its ``lines`` are the requirement lines (and, for feedback-list-zh, the customer's
concerns), one thing asked for each, in the customer's words. A line's ``answers`` are the
library items (by slug: the ``id`` in the file's front matter, else the file name, as
``markdown_format.py`` reads it) that would answer that line well in a section of the item's kind
(case -> cases, faq -> faqs/clarifications, objection -> objections, lesson -> lessons); an
answer of a kind the template has no section for is not counted. A line with no answers is one
the library cannot answer well in this template (it is kept: what is placed for it counts
against placed precision only if it answers no other line).

``must_not`` lists items that must not be placed in any section of the scenario, with why:
- stale: its review_by date has passed (as of LABELS_DATE; the bench runs with today's date and
  says when the labels' date has moved on);
- language: an English item in a Chinese document or a Chinese item in an English one;
- region/industry/deployment: an item about another region (Hong Kong support for a Taiwan
  customer), another industry's data (patients in an insurance bid), SaaS-only wording in a
  private-deployment bid, GDPR where no EU data is involved.

Line flags: ``paraphrase`` (says the thing without the items' own words), ``long`` (a pasted
tender paragraph), ``tender`` (tender clause wording: 须/应/投标人应提供..., "shall"). A
scenario's ``script``: zh-Hans, zh-Hant (a Taiwan or Hong Kong customer writing Traditional
Chinese into a zh template), en (an English customer, English template)."""

from __future__ import annotations

from proposal_matching_labels import LONG, PL, TL, C, L, P, Scenario, T

LABELS_DATE = "2026-12-06"  # the day the labels were written; "stale" was judged on it

STALE_PROTOCOLS = "stale: review_by 2025-09-30 (the protocol list FAQ)"
STALE_PRICING = "stale: review_by 2026-06-30 (the pricing FAQ)"
STALE_EDU_DATA = "stale: review_by 2025-12-31"
SAAS_SLA = "SaaS-only SLA answer in a private-deployment bid"
HK_FOR_TW = "region: Hong Kong support team for a Taiwan customer"
TW_FOR_HK = "region: Taiwan's data law for a Hong Kong customer"

SCENARIOS: tuple[Scenario, ...] = (
    # --- tech-proposal-zh, Simplified Chinese customers -------------------------------------
    Scenario(
        "ho-zh-energy-offshore-wind", "tech-proposal-zh", "zh-Hans",
        {"customer": "某海上风电开发运营有限公司", "project_name": "风电机组状态监测与预测性维护平台",
         "industry": "energy", "products": ["IoT平台"], "deployment": "混合部署", "xinchuang": "不涉及"},
        (
            L("投标人应提供统一的风机数据接入方案：覆盖 4 家整机厂商、1,800 余台机组的 SCADA 运行数据与振动在线监测数据，"
              "在各场站部署边缘节点完成特征提取，仅将特征值上送集控中心，并说明边缘节点通信中断时的数据缓存与补传机制",
              "case-energy-wind-farm-pdm", "faq-iot-edge-offline", flags=TL),
            L("齿轮箱、发电机轴承早期劣化提前数周告警，检修尽量安排在小风期",
              "case-energy-wind-farm-pdm", "faq-pdm-model-data-requirements"),
            L("在风场的立体模型上点选任意一台机组，就能看到它的实时运行数据、告警和未关闭的检修单",
              "faq-iot-digital-twin", flags=P),
            L("原始运行数据只能落在集团自己的机房，软件升级和平台监控可以交给厂商远程负责",
              "faq-hybrid-deployment", flags=P),
        ),
        {"faq-iot-protocols": STALE_PROTOCOLS, "case-energy-solar-en": "language: English case",
         "faq-on-premise-deployment-en": "language: English FAQ"},
    ),
    Scenario(
        "ho-zh-fin-autofinance-lowcode", "tech-proposal-zh", "zh-Hans",
        {"customer": "某汽车金融有限责任公司", "project_name": "信贷审批与贷后管理流程平台",
         "industry": "finance", "products": ["低代码平台"], "deployment": "私有化部署", "xinchuang": "不涉及"},
        (
            L("我们现在每笔车贷都要在风险、合规、财务几个部门之间挨个转签字，哪个环节的人出差就卡住，客户从申请到放款常常"
              "要等一周以上，经销商抱怨我们比同行慢；希望按贷款金额和车型自动决定哪几个部门可以同时看、同时签",
              "case-fin-leasing-lowcode", flags=PL),
            L("每一步审批都留痕且事后无法修改，前台、风控、审计人员各自只能看到职责范围内的数据",
              "case-fin-leasing-lowcode", "faq-audit-log", "faq-lowcode-data-permission", flags=P),
            L("投标人应说明平台在月供测算、提前还款计息等复杂计算规则下的二次开发方式",
              "faq-lowcode-pro-code-extension", flags=T),
            L("系统须部署于公司自有数据中心", "faq-private-deployment", flags=T),
        ),
        {"case-retail-store-lowcode": "stale: review_by 2026-03-31 (and a SaaS rollout)",
         "faq-api-rate-limits-en": "language: English FAQ", "faq-sla-availability": SAAS_SLA},
    ),
    Scenario(
        "ho-zh-retail-replenishment", "tech-proposal-zh", "zh-Hans",
        {"customer": "某连锁便利店集团有限公司", "project_name": "智能补货与经营分析数据平台",
         "industry": "retail", "products": ["数据中台"], "deployment": "私有化部署", "xinchuang": "不涉及"},
        (
            L("公司旗下 700 余家便利店的订货全凭店长经验：畅销品经常断货，鲜食和短保商品又大量报损；希望平台根据历史销量、"
              "天气、节假日和促销档期，按门店测算建议订货量，自动推送给供应链系统，并跟踪缺货率与库存周转的变化",
              "case-retail-data-platform-sales", flags=LONG),
            L("周一早会前几百名店长同时打开报表，页面不能一直转圈",
              "faq-bi-concurrency", "case-retail-data-platform-sales", flags=P),
            L("同一个毛利指标财务和营运各算各的，需要统一口径",
              "case-retail-data-platform-sales", "case-mfg-quality-data-platform", flags=P),
            L("平台部署于集团自有机房，请给出服务器数量与配置建议", "faq-onprem-hardware-zht", "faq-private-deployment"),
        ),
        {"faq-sla-availability": SAAS_SLA, "faq-pricing-model": STALE_PRICING,
         "case-edu-university-data-governance": STALE_EDU_DATA,
         "faq-gdpr-data-residency-en": "language + GDPR without EU data"},
    ),
    Scenario(
        "ho-zh-edu-exam-prep-service", "tech-proposal-zh", "zh-Hans",
        {"customer": "某职业资格考试在线培训有限公司", "project_name": "学员服务中心智能化升级",
         "industry": "education", "products": ["客服云"], "deployment": "SaaS", "xinchuang": "不涉及"},
        (
            L("学员从 APP、小程序、抖音私信和公众号进来咨询，希望在一个工作台里统一处理，并自动带出学员的订单和课表",
              "case-edu-online-course-chatbot", "case-retail-ecommerce-chatbot"),
            L("每到考试报名季咨询量翻好几倍，不想再每年临时招一大批外包客服",
              "case-edu-online-course-chatbot", "case-retail-ecommerce-chatbot", flags=P),
            L("机器人处理不了的问题转给人工时，坐席能看到前面聊过什么，学员不用再说一遍",
              "case-edu-online-course-chatbot", flags=P),
            L("新客服上岗前后的培训安排", "faq-training-plan"),
            L("智能问答采用的大模型如何保证不编造答案"),  # the one FAQ on it is stale
        ),
        {"faq-chatbot-llm-private": "stale: review_by 2026-02-28",
         "case-fin-fintech-chatbot-en": "language: English case",
         "case-edu-international-school-crm-en": "language: English case"},
    ),
    Scenario(
        "ho-zh-health-pharma-reps", "tech-proposal-zh", "zh-Hans",
        {"customer": "某创新药股份有限公司", "project_name": "医药代表拜访与学术推广合规管理系统",
         "industry": "healthcare", "products": ["CRM"], "deployment": "SaaS", "xinchuang": "不涉及"},
        (
            L("代表拜访须现场定位、拍照并加时间水印，杜绝虚假拜访",
              "case-health-pharma-crm-compliance", "faq-crm-mobile-offline", flags=T),
            L("学术会议从申请、执行到费用核销全程线上关联单据，讲者劳务费超标准自动预警",
              "case-health-pharma-crm-compliance"),
            L("很多医院科室里手机几乎没有网络，代表在那儿填的拜访记录不能丢", "faq-crm-mobile-offline", flags=P),
            L("代表离职后，其负责的医生档案与拜访历史自动移交接任者",
              "case-health-pharma-crm-compliance", "faq-crm-wecom-integration"),
        ),
        {"faq-healthcare-privacy-en": "language: English FAQ",
         "faq-personal-data-tw-zht": "region: Taiwan's data law for a mainland customer"},
    ),
    Scenario(
        "ho-zh-saas-esign-churn", "tech-proposal-zh", "zh-Hans",
        {"customer": "某电子合同 SaaS 服务商", "project_name": "客户健康度与经营分析数据平台",
         "industry": "saas", "products": ["数据中台"], "deployment": "SaaS", "xinchuang": "不涉及"},
        (
            L("客户往往到了续费前几周才发现不想续了，希望提前一个季度看到苗头", "case-saas-product-analytics", flags=P),
            L("产品埋点每天数十亿条事件，需要与计费、CRM、工单数据关联建模", "case-saas-product-analytics"),
            L("自建的 Hadoop 集群运维成本高、查询慢，考虑整体迁移",
              "case-saas-product-analytics", "faq-data-platform-compute-engine"),
            L("服务商须通过网络安全等级保护三级测评", "faq-mlps-level3", flags=T),
        ),
        {"faq-pricing-model": STALE_PRICING, "case-edu-university-data-governance": STALE_EDU_DATA,
         "faq-gdpr-data-residency-en": "language + GDPR without EU data"},
    ),
    Scenario(
        "ho-zh-edu-university-datahub", "tech-proposal-zh", "zh-Hans",
        {"customer": "某理工大学", "project_name": "校级数据中台（信创）建设项目",
         "industry": "education", "products": ["数据中台"], "deployment": "私有化部署", "xinchuang": "需要"},
        (
            L("学校现有教务、学工、人事、科研、财务、一卡通等 40 余个业务系统，分别由十余家厂商建设，同一名学生在各系统里的"
              "学号、院系代码对不上；本项目需汇聚各系统数据，建立师生与组织机构主数据标准并回写各业务系统",
              "case-energy-grid-data-governance", "case-bank-data-governance", flags=LONG),
            L("平台须全栈运行于飞腾或海光服务器、统信 UOS 操作系统及人大金仓数据库，投标人应提供相应的兼容性认证证书",
              "faq-xinchuang-certification", flags=T),
            L("每年向教育部报送的高基统计报表仍靠各部门手工汇总、反复退回"),  # its one case is stale
            L("为各业务系统提供统一的数据共享接口，替代现有大量点对点对接，接口调用统一鉴权和审计",
              "case-energy-grid-data-governance"),
            L("应说明私有化部署所需的服务器数量与规格", "faq-onprem-hardware-zht", "faq-private-deployment", flags=T),
        ),
        {"case-edu-university-data-governance": STALE_EDU_DATA, "faq-sla-availability": SAAS_SLA,
         "faq-on-premise-deployment-en": "language: English FAQ"},
    ),
    # --- tech-proposal-zh, Traditional-Chinese customers (Taiwan, Hong Kong) -----------------
    Scenario(
        "ho-zht-tw-machine-tool-service", "tech-proposal-zh", "zh-Hant",
        {"customer": "台中某精密工具機股份有限公司", "project_name": "工具機遠端監控與售後服務平台",
         "industry": "manufacturing", "products": ["IoT平台", "客服云"], "deployment": "SaaS", "xinchuang": "不涉及"},
        (
            L("已出貨的 3,000 多台 CNC 工具機分散在各國客戶工廠，原廠需遠端掌握稼動狀態與警報",
              "case-health-medical-device-iot"),
            L("客戶工廠不讓外面的連線進到內網，機台資料只能單向往外送", "case-health-medical-device-iot", flags=P),
            L("主軸與刀庫異常要提前預警，讓服務工程師一次帶對零件到場",
              "case-health-medical-device-iot", "case-mfg-predictive-maintenance", "case-mfg-aftersales-service-cloud"),
            L("客戶報修、派工、零件申請與保固判定在同一個平台完成", "case-mfg-aftersales-service-cloud"),
            L("預測模型需要準備多久的歷史資料才能開始", "faq-pdm-model-data-requirements"),
        ),
        {"faq-sla-hk-support-zht": HK_FOR_TW, "faq-iot-protocols": STALE_PROTOCOLS,
         "case-mfg-compressor-remote-monitoring-en": "language: English case"},
    ),
    Scenario(
        "ho-zht-tw-hospital-drg", "tech-proposal-zh", "zh-Hant",
        {"customer": "高雄某醫學大學附設醫院", "project_name": "醫療資料整合與 DRG 經營分析平台",
         "industry": "healthcare", "products": ["数据中台"], "deployment": "私有化部署", "xinchuang": "不涉及"},
        (
            L("院內 HIS、EMR、檢驗、影像等系統來自不同廠商，同一位病人在各系統的編號不一致，本案須建置臨床資料中心與"
              "營運資料中心，統一病人識別，並依 DRG 分析各科別、醫療團隊的成本與盈虧，供院長室每月經營會議使用",
              "case-health-hospital-data-platform", flags=TL),
            L("出院病歷的診斷碼與手術碼在申報前要能自動抓錯", "case-health-hospital-data-platform", flags=P),
            L("病人資料的蒐集、處理與利用須符合台灣個人資料保護法", "faq-personal-data-tw-zht", flags=T),
            L("醫師與行政人員每一次調閱資料都要查得到是誰、何時、看了什麼",
              "faq-audit-log", "case-health-hospital-data-platform", flags=P),
            L("資料不出院，平台部署於院內機房，請提供伺服器規格建議",
              "faq-onprem-hardware-zht", "faq-private-deployment", "case-health-hospital-data-platform"),
        ),
        {"faq-sla-hk-support-zht": HK_FOR_TW, "faq-healthcare-privacy-en": "language: English FAQ",
         "faq-sla-availability": SAAS_SLA},
    ),
    Scenario(
        "ho-zht-hk-broker-hotline", "tech-proposal-zh", "zh-Hant",
        {"customer": "香港某證券經紀有限公司", "project_name": "客戶服務熱線系統更換",
         "industry": "finance", "products": ["客服云"], "deployment": "SaaS", "xinchuang": "不涉及"},
        (
            L("股市大上大落時來電一下子多好幾倍，不少客戶等不到接聽就掛線",
              "case-fin-securities-call-center", "faq-callcenter-concurrency", flags=P),
            L("所有通話錄音須按證監會規定的年期保存，並能證明未被竄改",
              "faq-call-recording-retention", "case-fin-securities-call-center", flags=T),
            L("客戶資料、錄音及備份一律不得離開香港", "faq-sla-hk-support-zht"),
            L("系統故障時的支援時間與工程師到場承諾", "faq-sla-hk-support-zht", "faq-72h-response"),
            L("語音導航要聽得明廣東話同中英夾雜嘅講法"),  # only a lesson speaks of it: no section here
        ),
        {"case-fin-fintech-chatbot-en": "language: English case", "faq-personal-data-tw-zht": TW_FOR_HK,
         "faq-chatbot-llm-private": "stale: review_by 2026-02-28"},
    ),
    # --- requirement-confirmation-zh ---------------------------------------------------------
    Scenario(
        "ho-rc-mfg-battery-traceability", "requirement-confirmation-zh", "zh-Hans",
        {"customer": "某动力电池系统股份有限公司", "project_name": "质量追溯数据平台",
         "industry": "manufacturing", "products": ["数据中台"], "deployment": "私有化部署"},
        (
            L("整车厂客诉后须在 24 小时内给出从电芯批次到出货的完整追溯报告", flags=T),  # only a case: no section here
            L("某个质量报表数字出错时，要能顺藤摸瓜查到是哪个源系统字段、哪个加工任务造成的", "faq-data-lineage", flags=P),
            L("工厂已有一套 HDP 大数据集群，希望纳入新平台统一管理", "faq-data-platform-compute-engine"),
            L("本地部署所需服务器数量与单台配置", "faq-onprem-hardware-zht", "faq-private-deployment"),
            L("平台须满足等保三级要求，提供三员分立与日志审计方案", "faq-mlps-level3", "faq-audit-log", flags=T),
        ),
        {"faq-sla-availability": SAAS_SLA, "faq-on-premise-deployment-en": "language: English FAQ"},
    ),
    Scenario(
        "ho-rc-energy-charging-sales", "requirement-confirmation-zh", "zh-Hans",
        {"customer": "某综合能源服务有限公司", "project_name": "大客户销售管理 CRM",
         "industry": "energy", "products": ["CRM"], "deployment": "SaaS"},
        (
            L("报价审批通过后，合同与回款数据需与用友 NC 双向同步", "faq-crm-erp-integration"),
            L("园区、物流车队类商机按城市和行业派给对应的大客户经理，两天没人联系就换人跟进",
              "faq-crm-lead-assignment-rules", flags=P),
            L("首期 180 名销售、对接 2 个系统，实施周期多长", "faq-implementation-timeline"),
            L("SaaS 服务月度不可用超过承诺时如何补偿", "faq-sla-availability"),
            L("软件按什么口径计费"),  # the pricing FAQ is stale
        ),
        {"faq-pricing-model": STALE_PRICING,
         "faq-crm-mobile-offline": "industry: a hospital-reps FAQ in an energy sales bid",
         "faq-gdpr-data-residency-en": "language + GDPR without EU data"},
    ),
    Scenario(
        "ho-rc-fin-credit-union-branches", "requirement-confirmation-zh", "zh-Hans",
        {"customer": "某省农村信用社联合社", "project_name": "网点设备集中监控平台",
         "industry": "finance", "products": ["IoT平台"], "deployment": "私有化部署"},
        (
            L("全省 900 余个网点的 ATM、UPS、精密空调、门禁等约 2 万台设备统一接入，并预留三倍扩容能力；平台应说明单集群"
              "可接入设备数、测点写入性能和端到端延迟，并提供第三方测试报告", "faq-iot-device-capacity", flags=TL),
            L("平台须运行在国产 CPU 与国产操作系统之上", "faq-xinchuang-certification", flags=T),
            L("网点专线偶尔会断，断开那段时间的告警和读数不能丢", "faq-iot-edge-offline", flags=P),
            L("满足等保三级，操作日志留存不少于 6 个月", "faq-mlps-level3", "faq-audit-log", flags=T),
            L("平台部署在行内机房，运行时不访问互联网", "faq-private-deployment"),
        ),
        {"faq-iot-protocols": STALE_PROTOCOLS, "faq-sla-availability": SAAS_SLA,
         "faq-on-premise-deployment-en": "language: English FAQ"},
    ),
    Scenario(
        "ho-rc-health-nursing-apps", "requirement-confirmation-zh", "zh-Hans",
        {"customer": "某市妇幼保健院", "project_name": "护理质控与不良事件上报应用",
         "industry": "healthcare", "products": ["低代码平台"], "deployment": "私有化部署"},
        (
            L("护理部的骨干没有开发背景，希望她们自己把质控检查表做成手机应用",
              "faq-lowcode-citizen-dev-training", flags=P),
            L("不良事件匿名上报，上报人身份只有质控办能看到", "faq-lowcode-data-permission", flags=P),
            L("应用发布前须经信息科审核，各科室只能看到本科室数据", "faq-lowcode-data-permission", flags=T),
            L("合同到期若更换供应商，历史质控记录和表单定义如何迁出", "faq-lowcode-app-export"),
        ),
        {"faq-sla-availability": SAAS_SLA, "faq-sso-ldap-en": "language: English FAQ"},
    ),
    # --- feedback-list-zh: requirements and the customer's concerns ---------------------------
    Scenario(
        "ho-fb-mfg-hydraulics-crm", "feedback-list-zh", "zh-Hans",
        {"customer": "某液压元件股份有限公司", "project_name": "销售管理 CRM 产品演示",
         "industry": "manufacturing", "products": ["CRM"], "competitors": ["某国际 CRM 厂商"],
         "event_type": "产品演示"},
        (
            L("经销商与直销商机统一管理，报价时调用 ERP 中的价格与库存", "faq-crm-erp-integration"),
            C("销售都嫌录 CRM 麻烦，以前上过一套最后成了摆设", "objection-sales-wont-use-crm"),
            C("老系统里十几年的客户和订单记录搬过来，万一丢了怎么办", "objection-data-migration-risk", flags=P),
            C("国际大厂的牌子更响，选你们万一出问题没法向董事长交代"),  # only an English objection answers it
            C("两个月内必须让销售用起来", "objection-implementation-too-long", "faq-implementation-timeline"),
        ),
        {"objection-globex-brand-en": "language: English objection",
         "objection-too-expensive-en": "language: English objection",
         "faq-pricing-model": STALE_PRICING, "objection-budget-next-year": "stale: review_by 2026-08-31"},
    ),
    Scenario(
        "ho-fb-energy-group-datahub", "feedback-list-zh", "zh-Hans",
        {"customer": "某省能源投资集团有限公司", "project_name": "集团数据中台技术交流",
         "industry": "energy", "products": ["数据中台"], "competitors": ["速维软件"], "event_type": "技术交流"},
        (
            L("一年内完成 20 余家二级单位的数据汇聚与共享", "lesson-lost-bid-delivery-risk"),
            C("集团要求从芯片到数据库全部国产，你们在这种环境下跑得稳吗",
              "objection-xinchuang-compat", "faq-xinchuang-certification", flags=P),
            C("集团前几年已经建了 Hadoop 平台，再上数据中台是不是重复投资",
              "objection-data-platform-already-have-hadoop", "faq-data-platform-compute-engine"),
            C("二十多家单位同时推进，担心你们派不出足够的人", "lesson-lost-bid-delivery-risk", flags=P),
            C("私有化部署之后，版本升级会不会越来越难"),  # only an English objection answers it
        ),
        {"objection-on-prem-upgrade-pain-en": "language: English objection",
         "objection-baichuan-cheaper-bundle": "stale: review_by 2025-11-30",
         "objection-budget-next-year": "stale: review_by 2026-08-31"},
    ),
    Scenario(
        "ho-fb-retail-bakery-lowcode", "feedback-list-zh", "zh-Hans",
        {"customer": "某连锁烘焙食品有限公司", "project_name": "门店运营低代码平台 POC",
         "industry": "retail", "products": ["低代码平台"], "competitors": ["本地软件外包公司"],
         "event_type": "POC 验证"},
        (
            L("门店巡检、晨检和设备报修之外，加盟商分账结算与门店排班也希望在平台上完成",
              "lesson-won-then-overpromise-lowcode", "faq-lowcode-pro-code-extension"),
            C("这种拖拖拽拽做出来的东西，上千家门店同时用会不会卡死", "objection-lowcode-not-scalable", flags=P),
            C("隔壁软件公司说全部定制开发，价格只要你们四成，人还能天天坐在我们办公室",
              "objection-small-vendor-local", flags=P),
            C("应用都做在你们平台上，哪天合作不愉快就被卡脖子",
              "objection-vendor-lockin", "faq-lowcode-app-export", flags=P),
            C("门店店长大多不懂电脑，真能自己搭应用吗", "faq-lowcode-citizen-dev-training"),
        ),
        {"lesson-lost-price-only-procurement": "stale: review_by 2026-01-31",
         "objection-baichuan-cheaper-bundle": "stale: review_by 2025-11-30",
         "objection-need-customization-en": "language: English objection"},
    ),
    # --- tech-proposal-en, English customers ---------------------------------------------------
    Scenario(
        "ho-en-saas-fleet-telematics", "tech-proposal-en", "en",
        {"customer": "Routewise Telematics Pte Ltd", "project_name": "Fleet telematics platform",
         "industry": "saas", "products": ["IoT Platform"], "deployment": "SaaS",
         "data_residency": "Singapore", "compliance": []},
        (
            L("We want to ship our own fleet-tracking product within months instead of building the device "
              "connectivity layer ourselves", "case-saas-iot-platform-embed-en", flags=P),
            L("Geofence and harsh-braking events delivered to our app through signed webhooks, with published API limits",
              "faq-api-rate-limits-en", "case-saas-iot-platform-embed-en"),
            L("Trucks drive through areas with no coverage; readings taken there must still arrive",
              "case-energy-solar-en", flags=P),
            L("Our enterprise customers will ask for an independent SOC 2 Type II report", "faq-soc2-report-en"),
        ),
        {"faq-iot-edge-offline": "language: Chinese FAQ", "faq-iot-device-capacity": "language: Chinese FAQ",
         "faq-gdpr-data-residency-en": "GDPR without EU data"},
    ),
    Scenario(
        "ho-en-mfg-pumps-distributors", "tech-proposal-en", "en",
        {"customer": "Vanterra Pumps B.V.", "project_name": "Distributor and key-account CRM",
         "industry": "manufacturing", "products": ["CRM"], "deployment": "SaaS",
         "data_residency": "EU", "compliance": ["GDPR"]},
        (
            L("Our 20 distributors across Europe should each see only the opportunities in their own territory, while "
              "head office sees the whole pipeline by country and product line; quotes must pull list prices, stock "
              "and order status from SAP S/4HANA and go out the same day in the customer's language",
              "case-mfg-auto-parts-crm-en", flags=LONG),
            L("Account and contact data of EU customers has to stay in the EU under GDPR",
              "faq-gdpr-data-residency-en", "case-mfg-auto-parts-crm-en"),
            L("Our works council wants the list of companies that process personal data on your behalf",
              "faq-gdpr-data-residency-en", flags=P),
            L("Single sign-on with Okta and automatic user provisioning", "faq-sso-ldap-en"),
            L("Users work in German, Dutch, French and Polish"),  # the UI-language FAQ is stale
        ),
        {"faq-multilingual-ui-en": "stale: review_by 2026-05-31",
         "faq-crm-erp-integration": "language: Chinese FAQ"},
    ),
    Scenario(
        "ho-en-health-hospital-onprem", "tech-proposal-en", "en",
        {"customer": "Mercy Bay Hospital Group, Inc.", "project_name": "Patient access contact centre",
         "industry": "healthcare", "products": ["Service Cloud"], "deployment": "On-premise",
         "data_residency": "Philippines", "compliance": ["Data Privacy Act"]},
        (
            L("One central team takes bookings for our five hospitals by phone, Viber and web chat, all in one agent desktop",
              "case-health-clinic-chain-en"),
            L("The contact-centre software, patient data and call recordings must run entirely in our own data centre, "
              "with no patient data sent to any cloud service; the bidder shall describe the installation, the hardware "
              "baseline and how patches are delivered",
              "faq-on-premise-deployment-en", "faq-healthcare-privacy-en", flags=TL),
            L("Agents should only see the parts of a patient's record that their role needs",
              "faq-healthcare-privacy-en", flags=P),
            L("Outpatient clinics lose a lot of slots to people who never turn up", "case-health-clinic-chain-en", flags=P),
            L("Agents and supervisors log in with their Active Directory accounts", "faq-sso-ldap-en"),
        ),
        {"case-hospital-call-center-zht": "language: Chinese case", "faq-gdpr-data-residency-en": "GDPR without EU data",
         "faq-call-recording-retention": "language: Chinese FAQ"},
    ),
    Scenario(
        "ho-en-fin-hk-life-insurer", "tech-proposal-en", "en",
        {"customer": "Harbourline Life Assurance (Hong Kong) Limited",
         "project_name": "Customer assistant and contact centre",
         "industry": "finance", "products": ["Service Cloud"], "deployment": "SaaS",
         "data_residency": "Hong Kong", "compliance": ["PDPO"]},
        (
            L("An AI assistant that answers policy questions only from approved content and shows the source of each answer",
              "case-fin-fintech-chatbot-en"),
            L("The assistant must never drift into investment advice, and upset customers go straight to a person",
              "case-fin-fintech-chatbot-en", flags=P),
            L("Customer data may not leave Hong Kong", "case-fin-fintech-chatbot-en"),
            L("Before onboarding, our outsourcing risk review needs evidence that independent auditors and testers "
              "have checked your platform", "faq-soc2-report-en", "faq-pen-test-en", flags=P),
            L("If we terminate, how do we get every transcript and recording back?", "faq-data-export-exit-en"),
        ),
        {"faq-sla-hk-support-zht": "language: Chinese FAQ",
         "faq-healthcare-privacy-en": "industry: patient data in an insurance bid",
         "faq-gdpr-data-residency-en": "GDPR without EU data"},
    ),
)
