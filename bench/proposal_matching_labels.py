"""Labelled proposal scenarios for bench/proposal_matching_bench.py: what a presales engineer
would type into a proposal template, and which demo-library items answer each requirement line.

Written BLIND: by reading the items under knowledge/ (their front matter and text) only, before
any search, matching or ranking was run on these inputs. The labels say what a good proposal
would place, not what the code finds.

Each scenario names a template and its inputs (merged over the template's example.yaml by the
bench, so every required input is filled); its ``lines`` are the requirement lines (and, for
feedback-list-zh, the customer's concerns), one thing asked for each, in the customer's words.
A line's ``answers`` are the library items (by slug: the ``id`` in the file's front matter, else
the file name, as ``markdown_format.py`` reads it) that would answer that line well in a section
of the item's kind (case -> cases, faq -> faqs/clarifications, objection -> objections, lesson
-> lessons); an answer of a kind the template has no section for is not counted. A line with no
answers is one the library cannot answer well in this template (it is kept: what is placed for
it counts against placed precision only if it answers no other line).

``must_not`` lists items that must not be placed in any section of the scenario, with why:
- stale: its review_by date has passed (as of 2026-12; the bench runs with today's date and
  says when the labels' date has moved on);
- language: an English item in a Chinese document or a Chinese item in an English one;
- region/industry/deployment: an item about another region (Hong Kong support for a Taiwan
  customer), another industry's data (patients in a bank bid), SaaS-only wording in a
  private-deployment bid, GDPR where no EU data is involved.

Line flags: ``paraphrase`` (says the thing without the items' own words), ``long`` (a pasted
tender paragraph), ``tender`` (tender clause wording: 须/应/支持...). A scenario's ``script``:
zh-Hans, zh-Hant (a Taiwan or Hong Kong customer writing Traditional Chinese into a zh template),
en (an English customer, English template)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LABELS_DATE = "2026-12-06"  # the day the labels were written; "stale" was judged on it


@dataclass(frozen=True)
class Line:
    text: str
    answers: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    input: str = "requirements"  # the template input the line is typed into


@dataclass(frozen=True)
class Scenario:
    name: str
    template: str
    script: str  # zh-Hans | zh-Hant | en
    inputs: dict[str, Any]
    lines: tuple[Line, ...]
    must_not: dict[str, str] = field(default_factory=dict)


def L(text: str, *answers: str, flags: tuple[str, ...] = (), input: str = "requirements") -> Line:
    return Line(text, tuple(answers), flags, input)


def C(text: str, *answers: str, flags: tuple[str, ...] = ()) -> Line:
    """A line typed into ``concerns`` (feedback-list-zh)."""
    return Line(text, tuple(answers), flags, "concerns")


P, LONG, T = ("paraphrase",), ("long",), ("tender",)
PL = ("paraphrase", "long")
TL = ("tender", "long")

STALE_PROTOCOLS = "stale: review_by 2025-09-30 (the protocol list FAQ)"
SAAS_SLA = "SaaS-only SLA answer in a private-deployment bid"

SCENARIOS: tuple[Scenario, ...] = (
    # --- tech-proposal-zh, Simplified Chinese customers -------------------------------------
    Scenario(
        "zh-mfg-cnc-pdm", "tech-proposal-zh", "zh-Hans",
        {"customer": "江苏某精密机械有限公司", "project_name": "数控设备联网与预测性维护项目",
         "industry": "manufacturing", "products": ["IoT平台"], "deployment": "私有化部署", "xinchuang": "不涉及"},
        (
            L("对 3 个厂区约 400 台数控机床（FANUC、西门子系统）进行数据采集与设备联网",
              "case-mfg-predictive-maintenance", "case-mfg-pcb-oee-zht", flags=T),
            L("基于主轴振动、温度数据提前预警故障，减少非计划停机",
              "case-mfg-predictive-maintenance", "case-energy-wind-farm-pdm", "faq-pdm-model-data-requirements"),
            L("车间信号时有时无，线路中断那段时间的测量值也要完整保存下来", "faq-iot-edge-offline", flags=P),
            L("系统部署在厂内机房，生产数据不出厂",
              "faq-private-deployment", "case-mfg-predictive-maintenance", "case-mfg-pcb-oee-zht"),
        ),
        {"faq-iot-protocols": STALE_PROTOCOLS, "faq-on-premise-deployment-en": "language: English FAQ",
         "case-energy-solar-en": "language: English case", "faq-sla-availability": SAAS_SLA},
    ),
    Scenario(
        "zh-energy-grid-xinchuang", "tech-proposal-zh", "zh-Hans",
        {"customer": "某省电力公司信息通信分公司", "project_name": "数据中台国产化建设项目",
         "industry": "energy", "products": ["数据中台"], "deployment": "私有化部署", "xinchuang": "需要"},
        (
            L("数据中台须全栈运行在国产化环境（鲲鹏服务器、麒麟操作系统、达梦数据库）",
              "case-energy-grid-data-governance", "case-bank-data-governance", "faq-xinchuang-certification", flags=T),
            L("营销、配电、调度等 90 余个业务系统数据贯通，统一主数据", "case-energy-grid-data-governance"),
            L("对外共享数据需脱敏，身份证、手机号等敏感字段加密存储",
              "faq-sm4-encryption", "case-energy-grid-data-governance", flags=T),
            L("须通过网络安全等级保护三级测评", "faq-mlps-level3", "faq-audit-log", flags=T),
            L("提供标准化数据服务接口，供下属单位自助订阅，取数不再走人工审批",
              "case-energy-grid-data-governance"),
        ),
        {"case-edu-university-data-governance": "stale: review_by 2025-12-31",
         "faq-sla-availability": SAAS_SLA, "case-energy-solar-en": "language: English case"},
    ),
    Scenario(
        "zh-fin-bank-east", "tech-proposal-zh", "zh-Hans",
        {"customer": "某农村商业银行股份有限公司", "project_name": "监管数据集市与数据治理项目",
         "industry": "finance", "products": ["数据中台"], "deployment": "私有化部署", "xinchuang": "需要"},
        (
            L("满足 EAST 5.0 及 1104 监管报送要求，减少手工补录", "case-bank-data-governance", "faq-east-reporting", flags=T),
            L("报送字段可追溯至源系统，实现字段级血缘分析", "faq-data-lineage", "case-bank-data-governance", flags=T),
            L("监管检查总因为报送的数出错被点名批评", "case-bank-data-governance", "faq-east-reporting", flags=P),
            L("现有 CDH 集群需利旧，不重复建设", "faq-data-platform-compute-engine"),
            L("同一客户在核心、信贷、网银中的证件信息不一致，需要识别合并", "case-bank-data-governance"),
        ),
        {"case-edu-university-data-governance": "stale: review_by 2025-12-31",
         "faq-gdpr-data-residency-en": "language + GDPR without EU data", "faq-sla-availability": SAAS_SLA},
    ),
    Scenario(
        "zh-retail-member-crm", "tech-proposal-zh", "zh-Hans",
        {"customer": "某连锁茶饮品牌管理有限公司", "project_name": "会员运营 CRM 项目",
         "industry": "retail", "products": ["CRM"], "deployment": "SaaS", "xinchuang": "不涉及"},
        (
            L("打通 POS、小程序与电商平台的会员数据，统一会员身份",
              "case-retail-member-crm", "case-retail-hk-department-store-zht"),
            L("店员换了人，老顾客不能跟着一起走掉", "faq-crm-wecom-integration", "case-retail-member-crm", flags=P),
            L("按消费频次与品类偏好自动生成营销任务推给门店导购", "case-retail-member-crm"),
            L("希望 2 个月内上线首批门店", "faq-implementation-timeline"),
        ),
        {"faq-personal-data-tw-zht": "region: Taiwan's data law for a mainland customer",
         "case-retail-omnichannel-en": "language: English case",
         "faq-gdpr-data-residency-en": "language + GDPR without EU data"},
    ),
    Scenario(
        "zh-edu-vocational-leads", "tech-proposal-zh", "zh-Hans",
        {"customer": "某职业技能培训集团有限公司", "project_name": "招生线索管理 CRM 项目",
         "industry": "education", "products": ["CRM"], "deployment": "私有化部署", "xinchuang": "不涉及"},
        (
            L("各投放渠道的线索按校区、课程和顾问负载自动分配，避免撞单",
              "faq-crm-lead-assignment-rules", "case-edu-wechat-leads"),
            L("课程顾问离职后，他的客户和聊天记录要能一键交接给别人",
              "faq-crm-wecom-integration", "case-edu-wechat-leads"),
            L("学员身份证与手机号必须存放在本单位机房", "case-edu-wechat-leads", "faq-private-deployment"),
            L("按渠道统计报名转化与投放 ROI", "case-edu-wechat-leads"),
        ),
        {"case-edu-international-school-crm-en": "language: English case", "faq-sla-availability": SAAS_SLA},
    ),
    Scenario(
        "zh-health-hospital-callcenter", "tech-proposal-zh", "zh-Hans",
        {"customer": "某市第一人民医院", "project_name": "患者服务中心建设项目",
         "industry": "healthcare", "products": ["客服云"], "deployment": "混合部署", "xinchuang": "不涉及"},
        (
            L("早上八点一放号，电话就根本打不进来", "case-hospital-call-center-zht", flags=P),
            L("与 HIS 对接，来电自动识别患者并显示就诊与预约信息", "case-hospital-call-center-zht"),
            L("患者信息不得出院，运维监控可使用云端服务", "faq-hybrid-deployment"),
            L("通话录音加密保存，调听需审批并留痕", "faq-call-recording-retention", "case-hospital-call-center-zht"),
            L("语音机器人自助完成预约、改约与取消", "case-hospital-call-center-zht"),
        ),
        {"case-health-clinic-chain-en": "language: English case", "faq-healthcare-privacy-en": "language: English FAQ",
         "faq-sla-hk-support-zht": "region: Hong Kong support for a mainland hospital"},
    ),
    Scenario(
        "zh-energy-gas-hotline", "tech-proposal-zh", "zh-Hans",
        {"customer": "某市燃气有限公司", "project_name": "燃气客服热线与抢修调度平台",
         "industry": "energy", "products": ["客服云"], "deployment": "私有化部署", "xinchuang": "不涉及"},
        (
            L("有人闻到煤气味打进来，绝不能让他排在查电费的人后面", "case-energy-gas-call-center", flags=P),
            L("抢修工单自动派发至最近抢修队，移动端接单、回单",
              "case-energy-gas-call-center", "case-mfg-aftersales-service-cloud"),
            L("呼叫中心须 7×24 小时不间断运行，单点故障自动切换",
              "case-energy-gas-call-center", "faq-callcenter-concurrency", "case-fin-securities-call-center", flags=T),
            L("坐席规模 200 人，冬季高峰来电量翻倍", "faq-callcenter-concurrency"),
            L("系统故障时的响应时限与根因分析报告要求", "faq-72h-response", flags=T),
        ),
        {"faq-sla-availability": SAAS_SLA, "faq-chatbot-llm-private": "stale: review_by 2026-02-28"},
    ),
    Scenario(
        "zh-mfg-aftersales", "tech-proposal-zh", "zh-Hans",
        {"customer": "某农机装备股份有限公司", "project_name": "售后服务数字化平台",
         "industry": "manufacturing", "products": ["客服云", "IoT平台"], "deployment": "SaaS", "xinchuang": "不涉及"},
        (
            L("400 热线、公众号、APP 报修统一受理，来电弹出设备档案与保修状态", "case-mfg-aftersales-service-cloud"),
            L("按工程师位置、技能与负载自动派单", "case-mfg-aftersales-service-cloud"),
            L("三包索赔需关联设备运行数据，识别虚假索赔", "case-mfg-aftersales-service-cloud"),
            L("工程师出发前就知道机器哪里坏了，别再跑两趟", "case-health-medical-device-iot",
              "case-mfg-aftersales-service-cloud", flags=P),
        ),
        {"case-mfg-compressor-remote-monitoring-en": "language: English case"},
    ),
    Scenario(
        "zh-fin-securities-callcenter", "tech-proposal-zh", "zh-Hans",
        {"customer": "某证券股份有限公司", "project_name": "信创呼叫中心替换项目",
         "industry": "finance", "products": ["客服云"], "deployment": "私有化部署", "xinchuang": "需要"},
        (
            L("现有进口呼叫中心维保即将到期，且不符合信创替代要求，需在不中断服务的前提下平滑切换到基于鲲鹏服务器与麒麟操作系统的国产化呼叫中心平台",
              "case-fin-securities-call-center", "faq-xinchuang-certification", flags=TL),
            L("支持 1,000 以上坐席同时在线，行情高峰时线路不拥堵",
              "faq-callcenter-concurrency", "case-fin-securities-call-center", flags=T),
            L("录音保存期限满足证券业监管要求，且可防篡改",
              "faq-call-recording-retention", "case-fin-securities-call-center"),
            L("智能质检全量覆盖，识别“保本保收益”等违规话术", "case-fin-securities-call-center"),
            L("智能客服使用的大模型须部署在公司内网"),  # the one FAQ on it is stale
        ),
        {"faq-chatbot-llm-private": "stale: review_by 2026-02-28", "faq-sla-availability": SAAS_SLA,
         "case-fin-fintech-chatbot-en": "language: English case"},
    ),
    Scenario(
        "zh-retail-cold-chain", "tech-proposal-zh", "zh-Hans",
        {"customer": "某社区生鲜连锁有限公司", "project_name": "门店冷柜物联监控项目",
         "industry": "retail", "products": ["IoT平台"], "deployment": "SaaS", "xinchuang": "不涉及"},
        (
            L("门店冷柜温度实时监测，异常分级告警到店长手机",
              "case-retail-cold-chain-iot", "case-health-pharma-cold-chain"),
            L("门店不做布线改造，传感器无线上传", "case-retail-cold-chain-iot"),
            L("从压缩机的电流变化里提前看出冷柜快要坏了", "case-retail-cold-chain-iot", flags=P),
            L("网络中断时温度数据本地缓存，恢复后自动补传", "faq-iot-edge-offline", "case-health-pharma-cold-chain"),
            L("首期约 8,000 台冷柜接入，后续持续扩容", "faq-iot-device-capacity"),
        ),
        {"faq-iot-protocols": STALE_PROTOCOLS},
    ),
    Scenario(
        "zh-edu-lowcode-campus", "tech-proposal-zh", "zh-Hans",
        {"customer": "某师范大学", "project_name": "一网通办低代码平台项目",
         "industry": "education", "products": ["低代码平台"], "deployment": "私有化部署", "xinchuang": "不涉及"},
        (
            L("一年内上线请假、用章、场地预约等 100 余项网上办事流程", "case-edu-lowcode-campus-apps"),
            L("对接学校统一身份认证（CAS）与企业微信", "case-edu-lowcode-campus-apps"),
            L("老师们不会编程，也要能自己把本学院的审批做出来",
              "faq-lowcode-citizen-dev-training", "case-edu-lowcode-campus-apps", flags=P),
            L("数据权限控制到行级与字段级，应用发布需信息中心审核", "faq-lowcode-data-permission"),
            L("复杂业务逻辑支持写代码扩展", "faq-lowcode-pro-code-extension"),
        ),
        {"faq-sso-ldap-en": "language: English FAQ", "case-edu-university-data-governance": "stale: review_by 2025-12-31"},
    ),
    Scenario(
        "zh-mfg-lowcode-shopfloor", "tech-proposal-zh", "zh-Hans",
        {"customer": "某家用电器集团股份有限公司", "project_name": "车间数字化应用平台",
         "industry": "manufacturing", "products": ["低代码平台"], "deployment": "私有化部署", "xinchuang": "不涉及"},
        (
            L("集团下属多个工厂仍使用大量纸质点检表、安全巡检表和换线确认单，希望由工厂业务人员在 IT 提供的模板上自行搭建移动端应用，IT 负责审核发布，并支持扫码点检与弱网离线填报",
              "case-mfg-lowcode-shopfloor-apps", "faq-lowcode-citizen-dev-training", flags=LONG),
            L("与 MES 主数据和 AD 单点登录集成", "case-mfg-lowcode-shopfloor-apps"),
            L("平台上建的应用将来可以完整导出，避免被厂商绑定", "faq-lowcode-app-export"),
            L("核心业务并发 3,000 用户时性能要有保障"),
        ),
        {"case-retail-store-lowcode": "stale: review_by 2026-03-31 (and a SaaS rollout)",
         "faq-api-rate-limits-en": "language: English FAQ"},
    ),
    Scenario(
        "zh-health-data-drg", "tech-proposal-zh", "zh-Hans",
        {"customer": "某大学附属医院", "project_name": "临床与运营数据中心建设项目",
         "industry": "healthcare", "products": ["数据中台"], "deployment": "私有化部署", "xinchuang": "不涉及"},
        (
            L("医院现有 HIS、EMR、LIS、PACS 等 60 余个系统分属不同厂商，需建设临床数据中心与运营数据中心，统一患者主索引，支撑 DRG 病组成本与盈亏分析",
              "case-health-hospital-data-platform", flags=TL),
            L("病案首页自动质控，出院后 24 小时内完成校验", "case-health-hospital-data-platform"),
            L("患者数据不出院，敏感字段脱敏、加密并按角色授权",
              "case-health-hospital-data-platform", "faq-sm4-encryption"),
            L("私有化部署需要配置多少台服务器", "faq-onprem-hardware-zht", "faq-private-deployment"),
        ),
        {"faq-healthcare-privacy-en": "language: English FAQ", "faq-sla-availability": SAAS_SLA},
    ),
    Scenario(
        "zh-saas-ticketing", "tech-proposal-zh", "zh-Hans",
        {"customer": "某人力资源 SaaS 服务商", "project_name": "客户支持工单平台升级",
         "industry": "saas", "products": ["客服云"], "deployment": "SaaS", "xinchuang": "不涉及"},
        (
            L("企业客户按合同等级承诺响应时效，超时自动升级", "faq-ticket-sla-escalation", "case-saas-support-ticketing"),
            L("研发问题单需与 Jira 双向同步", "case-saas-support-ticketing", "case-saas-tw-software-support-zht"),
            L("目前用速维的工单系统，几十万张历史单子要搬过来", "case-saas-support-ticketing"),
            L("大客户签了几档服务承诺，到点没人理的单子要能自动往上报", "faq-ticket-sla-escalation", flags=P),
            L("平台本身的可用性承诺与不达标的赔偿", "faq-sla-availability"),
        ),
        {"faq-sla-hk-support-zht": "region: Hong Kong support for a mainland customer"},
    ),
    # --- tech-proposal-zh / requirement-confirmation-zh, Traditional-Chinese customers --------
    Scenario(
        "zht-tw-pcb-oee", "tech-proposal-zh", "zh-Hant",
        {"customer": "台灣某電子股份有限公司（桃園廠）", "project_name": "設備聯網與 OEE 看板專案",
         "industry": "manufacturing", "products": ["IoT平台"], "deployment": "私有化部署", "xinchuang": "不涉及"},
        (
            L("很多機台年紀比員工還大，現在只能派人巡線抄表", "case-mfg-pcb-oee-zht", flags=P),
            L("建立 OEE 即時看板與停機原因分析", "case-mfg-pcb-oee-zht", "case-mfg-predictive-maintenance"),
            L("資料不出廠，系統部署於廠內伺服器",
              "case-mfg-pcb-oee-zht", "faq-private-deployment", "faq-onprem-hardware-zht"),
            L("在台灣是否有在地技術支援團隊"),  # only an objection script answers it: no section here
            L("製程參數須自動綁定料號與批號，便於車用客戶稽核", "case-mfg-pcb-oee-zht"),
        ),
        {"faq-sla-hk-support-zht": "region: Hong Kong support team for a Taiwan customer",
         "faq-iot-protocols": STALE_PROTOCOLS},
    ),
    Scenario(
        "zht-hk-university-helpdesk", "tech-proposal-zh", "zh-Hant",
        {"customer": "香港某大學資訊科技處", "project_name": "IT 服務台平台更新",
         "industry": "education", "products": ["客服云"], "deployment": "SaaS", "xinchuang": "不涉及"},
        (
            L("IT 服務台統一受理電話、電郵與 WhatsApp 報障，並按類別與服務水平自動分派至二線團隊，學期初每日查詢超過一千宗亦不積壓",
              "case-edu-hk-university-helpdesk-zht", "case-saas-tw-software-support-zht", flags=LONG),
            L("密碼重設這類重複問題由智慧客服自助處理", "case-edu-hk-university-helpdesk-zht"),
            L("須與 Azure AD 單一登入整合", "case-edu-hk-university-helpdesk-zht", flags=T),
            L("支援粵語、英文及普通話，知識庫三語維護", "case-edu-hk-university-helpdesk-zht"),
            L("資料須存放於香港本地資料中心", "faq-sla-hk-support-zht", "case-edu-hk-university-helpdesk-zht"),
            L("服務台上線前後的培訓安排", "faq-training-plan"),
        ),
        {"faq-personal-data-tw-zht": "region: Taiwan's data law for a Hong Kong customer",
         "faq-multilingual-ui-en": "stale (2026-05-31) and English"},
    ),
    Scenario(
        "zht-tw-securities-crm", "tech-proposal-zh", "zh-Hant",
        {"customer": "台灣某綜合證券股份有限公司", "project_name": "理專 CRM 專案",
         "industry": "finance", "products": ["CRM"], "deployment": "私有化部署", "xinchuang": "不涉及"},
        (
            L("整合證券、基金、海外債與保險持倉，建立客戶 360 視圖"),  # its one case is stale
            L("理專異動時，客戶關係與拜訪紀錄需完整移交給接手的人",
              "case-fin-insurance-crm-agent", "case-health-pharma-crm-compliance", "faq-crm-wecom-integration"),
            L("須符合個資法，個資欄位加密並保留完整存取稽核紀錄", "faq-personal-data-tw-zht", "faq-audit-log"),
            L("理專以行動裝置記錄拜訪與到期提醒", "case-fin-insurance-crm-agent"),
            L("系統部署於本公司自有機房", "faq-private-deployment"),
        ),
        {"case-fin-tw-securities-crm-zht": "stale: review_by 2026-10-15",
         "faq-sla-hk-support-zht": "region: Hong Kong support team for a Taiwan customer",
         "faq-sla-availability": SAAS_SLA},
    ),
    Scenario(
        "zht-hk-dept-store-crm", "tech-proposal-zh", "zh-Hant",
        {"customer": "香港某百貨有限公司", "project_name": "會員 CRM 整合專案",
         "industry": "retail", "products": ["CRM"], "deployment": "SaaS", "xinchuang": "不涉及"},
        (
            L("整合 POS、網店與專櫃系統，會員積分即時互通",
              "case-retail-hk-department-store-zht", "case-retail-member-crm"),
            L("以 WhatsApp、電郵與 App 作三語個人化推廣，並按渠道記錄直銷同意", "case-retail-hk-department-store-zht"),
            L("須遵守香港《個人資料（私隱）條例》，資料託管於香港",
              "case-retail-hk-department-store-zht", "faq-sla-hk-support-zht"),
            L("VIP 客戶經理用平板查看客人的喜好和消費紀錄", "case-retail-hk-department-store-zht"),
        ),
        {"faq-personal-data-tw-zht": "region: Taiwan's data law for a Hong Kong customer",
         "faq-gdpr-data-residency-en": "language + GDPR without EU data"},
    ),
    Scenario(
        "zht-tw-hospital-rc", "requirement-confirmation-zh", "zh-Hant",
        {"customer": "台中某醫療社團法人醫院", "project_name": "客服中心與預約掛號整合",
         "industry": "healthcare", "products": ["客服云"], "deployment": "私有化部署"},
        (
            L("病人的資料一步都不能離開醫院", "faq-hybrid-deployment", "faq-private-deployment", flags=P),
            L("通話錄音加密保存，調聽須雙人授權並留稽核紀錄", "faq-call-recording-retention", "faq-audit-log"),
            L("須符合個資法與衛福部資安規範", "faq-personal-data-tw-zht", flags=T),
            L("尖峰時段 30 名客服同時在線，電話量是平日三倍", "faq-callcenter-concurrency"),
        ),
        {"faq-sla-availability": SAAS_SLA, "faq-healthcare-privacy-en": "language: English FAQ",
         "faq-sla-hk-support-zht": "region: Hong Kong support team for a Taiwan customer"},
    ),
    # --- requirement-confirmation-zh, Simplified ---------------------------------------------
    Scenario(
        "rc-mfg-pdm", "requirement-confirmation-zh", "zh-Hans",
        {"customer": "华东某汽车零部件股份有限公司", "project_name": "设备预测性维护平台建设项目",
         "industry": "manufacturing", "products": ["IoT平台", "数据中台"], "deployment": "私有化部署"},
        (
            L("对 380 台数控机床进行设备接入与数据采集，采集频率不低于 1 秒，首批测点约 2,000 个，后续扩展到全部厂区",
              "faq-iot-device-capacity", flags=TL),
            L("断网时网关本地缓存 72 小时，恢复后断点续传", "faq-iot-edge-offline", flags=T),
            L("没有多少故障记录，预测模型要多久才能用起来", "faq-pdm-model-data-requirements", flags=P),
            L("平台需私有化部署，满足等保三级", "faq-private-deployment", "faq-mlps-level3", flags=T),
            L("与 SAP ERP（PM 模块）同步维修工单"),
        ),
        {"faq-iot-protocols": STALE_PROTOCOLS, "faq-sla-availability": SAAS_SLA,
         "faq-on-premise-deployment-en": "language: English FAQ"},
    ),
    Scenario(
        "rc-fin-insurance-crm", "requirement-confirmation-zh", "zh-Hans",
        {"customer": "某人寿保险股份有限公司省分公司", "project_name": "代理人 CRM 项目",
         "industry": "finance", "products": ["CRM"], "deployment": "SaaS"},
        (
            L("代理人在企业微信里查看客户与保单，跟进记录同步到 CRM", "faq-crm-wecom-integration"),
            L("线索按职级与历史转化率分级派发，超时未跟进自动回收", "faq-crm-lead-assignment-rules"),
            L("客户数据放在云上须通过等保测评，操作全程可审计", "faq-mlps-level3", "faq-audit-log"),
            L("从现有系统迁移 300 万客户数据，分阶段上线的周期", "faq-implementation-timeline"),
            L("与核心业务系统和财务 ERP 的数据对接方式", "faq-crm-erp-integration"),
        ),
        {"faq-pricing-model": "stale: review_by 2026-06-30", "faq-pen-test-en": "language: English FAQ",
         "faq-crm-mobile-offline": "industry: a hospital-reps FAQ in an insurance bid"},
    ),
    Scenario(
        "rc-energy-lowcode-oilfield", "requirement-confirmation-zh", "zh-Hans",
        {"customer": "某油田分公司第二采油厂", "project_name": "作业许可与巡检应用",
         "industry": "energy", "products": ["低代码平台"], "deployment": "私有化部署"},
        (
            L("每个作业区只能看到本区的井，敏感字段对不同岗位隐藏", "faq-lowcode-data-permission", flags=P),
            L("平台须运行在集团信创云（鲲鹏、麒麟、达梦）上", "faq-xinchuang-certification", flags=T),
            L("对接集团统一身份认证"),
            L("一线业务骨干要多久能学会自己搭应用", "faq-lowcode-citizen-dev-training"),
            L("弱网区域离线填报，回到有信号区域自动同步"),
        ),
        {"faq-sso-ldap-en": "language: English FAQ",
         "faq-crm-mobile-offline": "industry/product: a hospital CRM FAQ in an oilfield low-code bid"},
    ),
    Scenario(
        "rc-retail-dataplatform", "requirement-confirmation-zh", "zh-Hans",
        {"customer": "某区域连锁超市股份有限公司", "project_name": "经营分析数据中台",
         "industry": "retail", "products": ["数据中台"], "deployment": "混合部署"},
        (
            L("800 名店长早高峰同时查询经营看板，要求秒级响应", "faq-bi-concurrency"),
            L("大促当天老板盯着的实时大屏不能卡住", "faq-bi-concurrency", flags=P),
            L("底层用什么计算存储引擎，能否利用现有 Hadoop 集群", "faq-data-platform-compute-engine"),
            L("数据备份策略与容灾恢复指标", "faq-backup-rpo-rto"),
            L("混合部署下哪些数据留在本地", "faq-hybrid-deployment"),
        ),
        {"faq-gdpr-data-residency-en": "language + GDPR without EU data", "faq-pricing-model": "stale: review_by 2026-06-30"},
    ),
    Scenario(
        "rc-saas-lowcode-isv", "requirement-confirmation-zh", "zh-Hans",
        {"customer": "某工程项目管理软件有限公司", "project_name": "低代码引擎 OEM 合作",
         "industry": "saas", "products": ["低代码平台"], "deployment": "私有化部署"},
        (
            L("哪天不用你们了，我们做的那些表单和流程能不能带走", "faq-lowcode-app-export", flags=P),
            L("复杂计算逻辑由我方研发用 Java 写插件实现", "faq-lowcode-pro-code-extension"),
            L("终端客户现场往往是封闭内网，要装在他们自己的服务器上", "faq-private-deployment", flags=P),
            L("开放接口的调用频率限制与回调通知"),  # only the English FAQ says it
        ),
        {"faq-api-rate-limits-en": "language: English FAQ", "faq-sla-availability": SAAS_SLA},
    ),
    # --- feedback-list-zh: requirements and the customer's concerns ---------------------------
    Scenario(
        "fb-retail-crm-price", "feedback-list-zh", "zh-Hans",
        {"customer": "华南某连锁超市集团有限公司", "project_name": "会员营销与门店客服平台 POC",
         "industry": "retail", "products": ["CRM", "客服云"], "competitors": ["某云 CRM"]},
        (
            L("会员画像与精准营销，覆盖 1,000 家门店"),
            C("价格比竞品高 20%", "objection-competitor-price-cut-zht"),
            C("担心双 11 高峰期系统扛不住", "objection-performance-doubt"),
            C("实施周期太长，希望 3 个月内上线", "objection-implementation-too-long", "faq-implementation-timeline"),
            C("机器人客服经常答非所问，顾客只会更恼火", "objection-chatbot-not-smart"),
        ),
        {"objection-baichuan-cheaper-bundle": "stale: review_by 2025-11-30",
         "objection-hospital-data-cannot-leave": "industry: a hospital objection in a retail deal",
         "faq-crm-mobile-offline": "industry: a hospital-reps FAQ in a retail deal"},
    ),
    Scenario(
        "fb-mfg-iot-poc", "feedback-list-zh", "zh-Hans",
        {"customer": "某空压机制造有限公司", "project_name": "设备远程运维 POC",
         "industry": "manufacturing", "products": ["IoT平台"], "competitors": ["百川云"]},
        (
            L("关键设备预测性维护，提前发现轴承磨损", "faq-pdm-model-data-requirements"),
            C("投入产出算不清楚，老板不会批", "objection-iot-roi-unclear"),
            C("很多设备用了十几年，根本没有通讯接口", "objection-legacy-devices-old"),
            C("希望先免费试点三个月，效果好再谈采购", "objection-pilot-free"),
            C("百川云买云资源就送数据平台，比你们便宜很多", "objection-competitor-price-cut-zht"),
            C("没有故障样本，模型能做出来吗", "faq-pdm-model-data-requirements"),
        ),
        {"objection-baichuan-cheaper-bundle": "stale: review_by 2025-11-30",
         "lesson-won-poc-real-data-en": "language: English lesson",
         "objection-tw-local-support-zht": "region: Taiwan support for a mainland customer"},
    ),
    Scenario(
        "fb-edu-crm-procurement", "feedback-list-zh", "zh-Hans",
        {"customer": "某职业技术学院招生办公室", "project_name": "招生 CRM 产品演示",
         "industry": "education", "products": ["CRM"], "competitors": ["本地软件公司"]},
        (
            L("招生线索自动分配给招生老师，超时未跟进自动收回", "faq-crm-lead-assignment-rules"),
            C("今年预算已经用完，明年再说"),  # its one script is stale
            C("学校采购要走政府采购流程，你们不在入围名单里", "objection-school-procurement-process"),
            C("招生季下个月就开始，3 个月上线太慢", "objection-implementation-too-long", "faq-implementation-timeline"),
            C("本地小公司报价只有你们一半", "objection-small-vendor-local", "objection-competitor-price-cut-zht"),
        ),
        {"objection-budget-next-year": "stale: review_by 2026-08-31",
         "lesson-lost-price-only-procurement": "stale: review_by 2026-01-31"},
    ),
    Scenario(
        "fb-health-callcenter", "feedback-list-zh", "zh-Hans",
        {"customer": "某三甲医院", "project_name": "患者服务中心演示",
         "industry": "healthcare", "products": ["客服云"], "competitors": ["现有 HIS 厂商"]},
        (
            L("建设统一预约挂号热线与患者服务中心，解决电话打不通的投诉", "lesson-won-executive-sponsor"),
            C("患者信息不能出医院，你们是 SaaS 的用不了", "objection-hospital-data-cannot-leave", "faq-hybrid-deployment"),
            C("担心机器人答非所问", "objection-chatbot-not-smart"),
            C("信息科更想让 HIS 厂商顺便做了", "lesson-won-executive-sponsor", flags=P),
            C("通话录音如何防止泄露", "faq-call-recording-retention"),
        ),
        {"faq-chatbot-llm-private": "stale: review_by 2026-02-28",
         "objection-reference-same-industry-en": "language: English objection"},
    ),
    Scenario(
        "fbt-hk-insurance", "feedback-list-zh", "zh-Hant",
        {"customer": "香港某人壽保險有限公司", "project_name": "客服中心系統示範",
         "industry": "finance", "products": ["客服云"], "competitors": ["Globex"]},
        (
            L("客服中心要聽得懂粵語和中英夾雜的口語查詢", "lesson-won-hk-bilingual-demo-zht"),
            C("客戶資料一定要留在香港，不能傳回內地", "objection-hk-data-residency-zht", "faq-sla-hk-support-zht"),
            C("覺得 Globex 的牌子比較穩妥", "lesson-won-hk-bilingual-demo-zht"),
            C("你們在香港有沒有本地支援團隊", "faq-sla-hk-support-zht"),
            C("合約責任上限只賠當年服務費，法務不接受", "objection-contract-liability-cap"),
        ),
        {"objection-globex-brand-en": "language: English objection",
         "objection-tw-local-support-zht": "region: Taiwan support for a Hong Kong customer",
         "faq-personal-data-tw-zht": "region: Taiwan's data law for a Hong Kong customer"},
    ),
    Scenario(
        "fbt-tw-school-lowcode", "feedback-list-zh", "zh-Hant",
        {"customer": "台灣某科技大學資訊中心", "project_name": "低代碼平台技術交流",
         "industry": "education", "products": ["低代码平台"], "competitors": []},
        (
            L("讓各系所行政人員自行建置申請與簽核表單", "faq-lowcode-citizen-dev-training"),
            C("讓業務人員自己做應用，資安要怎麼管", "objection-lowcode-security-zht", "faq-lowcode-data-permission"),
            C("學校資訊中心自己就能開發，何必買平台", "objection-build-in-house"),
            C("以後被你們的平台綁住怎麼辦", "objection-vendor-lockin", "faq-lowcode-app-export"),
            C("低代碼只能做小表單，撐不起核心系統", "objection-lowcode-not-scalable"),
        ),
        {"faq-sla-hk-support-zht": "region: Hong Kong support team for a Taiwan customer",
         "objection-need-customization-en": "language: English objection"},
    ),
    # --- tech-proposal-en, English customers ---------------------------------------------------
    Scenario(
        "en-fin-bank-service", "tech-proposal-en", "en",
        {"customer": "Contoso Bank Berhad", "project_name": "Branch customer service modernisation",
         "industry": "finance", "products": ["Service Cloud"], "deployment": "SaaS",
         "data_residency": "Malaysia", "compliance": ["PDPA"]},
        (
            L("One inbox for phone, chat and e-mail across 120 branches",
              "case-retail-omnichannel-en", "case-health-clinic-chain-en"),
            L("Chatbot answers routine questions in English and Malay",
              "case-fin-fintech-chatbot-en", "case-health-clinic-chain-en"),
            L("Customers should not have to repeat themselves when a chat is handed over to a person",
              "case-fin-fintech-chatbot-en", "case-retail-omnichannel-en", flags=P),
            L("Agents sign in with our Azure AD through SAML single sign-on", "faq-sso-ldap-en"),
            L("The vendor shall provide an independent penetration test report and a current SOC 2 Type II report to the bank's technology risk team before contract signature, and allow the bank to run its own test",
              "faq-pen-test-en", "faq-soc2-report-en", flags=TL),
        ),
        {"faq-gdpr-data-residency-en": "GDPR without EU data", "faq-healthcare-privacy-en": "industry: patient data in a bank bid",
         "faq-call-recording-retention": "language: Chinese FAQ"},
    ),
    Scenario(
        "en-mfg-compressor-iot", "tech-proposal-en", "en",
        {"customer": "Nordic Air Systems AB", "project_name": "Connected compressor service",
         "industry": "manufacturing", "products": ["IoT Platform"], "deployment": "SaaS",
         "data_residency": "EU", "compliance": ["GDPR"]},
        (
            L("Connect 5,000 compressors in the field and predict bearing wear before failures",
              "case-mfg-compressor-remote-monitoring-en"),
            L("No inbound connections into our customers' plant networks", "case-mfg-compressor-remote-monitoring-en"),
            L("Push alerts into our dealer portal via API and webhooks",
              "faq-api-rate-limits-en", "case-mfg-compressor-remote-monitoring-en", "case-saas-iot-platform-embed-en"),
            L("Data for European customers hosted in the EU under GDPR",
              "faq-gdpr-data-residency-en", "case-mfg-auto-parts-crm-en"),
            L("Sell guaranteed uptime to our end customers as a subscription", "case-mfg-compressor-remote-monitoring-en"),
        ),
        {"case-mfg-predictive-maintenance": "language: Chinese case", "faq-iot-edge-offline": "language: Chinese FAQ"},
    ),
    Scenario(
        "en-health-clinic", "tech-proposal-en", "en",
        {"customer": "Harbour Family Clinics Pte Ltd", "project_name": "Patient contact centre",
         "industry": "healthcare", "products": ["Service Cloud"], "deployment": "SaaS",
         "data_residency": "Singapore", "compliance": ["PDPA"]},
        (
            L("Patients book, reschedule and cancel appointments over WhatsApp", "case-health-clinic-chain-en"),
            L("Cut no-shows with automated reminders before each visit",
              "case-health-clinic-chain-en", "case-edu-international-school-crm-en"),
            L("Mask patient identifiers on agent screens and log every playback of a recording", "faq-healthcare-privacy-en"),
            L("When a patient calls, the agent already sees who they are and their last treatment",
              "case-health-clinic-chain-en", flags=P),
            L("Staff sign in with Azure AD", "faq-sso-ldap-en"),
        ),
        {"case-hospital-call-center-zht": "language: Chinese case", "faq-gdpr-data-residency-en": "GDPR without EU data"},
    ),
    Scenario(
        "en-saas-crm-pipeline", "tech-proposal-en", "en",
        {"customer": "Brightpath Software Inc.", "project_name": "Revenue CRM",
         "industry": "saas", "products": ["CRM"], "deployment": "SaaS", "data_residency": "", "compliance": []},
        (
            L("Nobody believes the numbers in our weekly forecast call", "case-saas-hr-platform-crm-en", flags=P),
            L("Free-trial sign-ups should reach a sales rep within minutes", "case-saas-hr-platform-crm-en"),
            L("Move six years of history from our old CRM without losing records",
              "case-saas-hr-platform-crm-en", "case-mfg-auto-parts-crm-en", "case-edu-international-school-crm-en"),
            L("If we walk away after the contract, how do we get everything out?", "faq-data-export-exit-en", flags=P),
            L("API limits for a nightly sync with our billing system", "faq-api-rate-limits-en"),
        ),
        {"faq-pricing-model": "stale (2026-06-30) and Chinese",
         "objection-sales-wont-use-crm": "language: Chinese objection (and no such section)"},
    ),
    Scenario(
        "en-retail-omnichannel", "tech-proposal-en", "en",
        {"customer": "Siam Fresh Mart Co., Ltd.", "project_name": "Omnichannel customer care",
         "industry": "retail", "products": ["Service Cloud"], "deployment": "SaaS",
         "data_residency": "Thailand", "compliance": []},
        (
            L("Handle LINE, Facebook, marketplace chat and the store hotline in one place", "case-retail-omnichannel-en"),
            L("A Thai-speaking chatbot that tracks orders and checks whether an item can be returned",
              "case-retail-omnichannel-en"),
            L("Extra agents for campaign peaks such as 11.11 without buying more named licences",
              "case-retail-omnichannel-en"),
            L("Agent desktop in Thai and English"),  # the UI-language FAQ is stale
            L("Recovery point and recovery time objectives for the hosted service"),  # only a Chinese FAQ
        ),
        {"faq-multilingual-ui-en": "stale: review_by 2026-05-31", "case-retail-ecommerce-chatbot": "language: Chinese case",
         "faq-backup-rpo-rto": "language: Chinese FAQ"},
    ),
    Scenario(
        "en-energy-onprem", "tech-proposal-en", "en",
        {"customer": "PetroVolt Energy Sdn Bhd", "project_name": "Operations data platform",
         "industry": "energy", "products": ["Data Platform", "IoT Platform"], "deployment": "On-premise",
         "data_residency": "Malaysia", "compliance": []},
        (
            L("The platform must run entirely inside our own data centre on Kubernetes with no outbound internet access, because our operational networks are separated from the corporate network and from the internet",
              "faq-on-premise-deployment-en", flags=TL),
            L("Our plant networks have no route to the outside world at all", "faq-on-premise-deployment-en", flags=P),
            L("Monitor our solar plants' inverters from many brands on one screen", "case-energy-solar-en"),
            L("Single sign-on with our LDAP directory", "faq-sso-ldap-en"),
            L("Independent penetration test before go-live", "faq-pen-test-en"),
        ),
        {"faq-private-deployment": "language: Chinese FAQ", "case-energy-grid-data-governance": "language: Chinese case",
         "case-saas-iot-platform-embed-en": "deployment: a SaaS case in an on-premise bid"},
    ),
    Scenario(
        "en-edu-admissions", "tech-proposal-en", "en",
        {"customer": "Lakeside International School", "project_name": "Admissions CRM",
         "industry": "education", "products": ["CRM"], "deployment": "SaaS",
         "data_residency": "Singapore", "compliance": ["PDPA"]},
        (
            L("Track families from first enquiry to enrolment, siblings included", "case-edu-international-school-crm-en"),
            L("Parents book campus tours online and get reminders", "case-edu-international-school-crm-en"),
            L("Integrate with our student information system via REST API",
              "case-edu-international-school-crm-en", "faq-api-rate-limits-en"),
            L("Record each parent's consent under the PDPA", "case-edu-international-school-crm-en"),
        ),
        {"case-edu-wechat-leads": "language: Chinese case", "faq-gdpr-data-residency-en": "GDPR without EU data"},
    ),
)
