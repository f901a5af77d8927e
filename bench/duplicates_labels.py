"""Labelled pairs for near-duplicate detection over the demo knowledge base
(bench/duplicates_bench.py, tests/core/test_duplicates_meaning.py).

The demo has no true duplicates of its own, so
``EXTRA`` holds items written for this benchmark and added to a temporary copy of the demo
library: paraphrases of demo answers (the same answer in other words), translations of them
(Chinese <-> English), Traditional-Chinese rewrites, near-copies (one sentence added or
changed, a script twin), and hard negatives: the same topic as a demo item with a different
answer (a pricing FAQ that prices otherwise, the on-premises side of a SaaS promise, a
neighbouring question). ``PAIRS`` labels (item, item, duplicate?, category); categories:

- ``paraphrase``: same language, same answer in other words
- ``translation``: the same answer in the other language (zh <-> en)
- ``traditional``: the same answer rewritten in Traditional Chinese
- ``near-copy``: most of the text repeated (an added sentence, a script twin, a demo lesson
  written down again by hand with another bid as its source)
- ``hard-negative``: written here: same topic, different answer
- ``same-topic``: two demo items on one subject that are not duplicates (cosine 0.64-0.72,
  among the closest pairs the demo has)
"""

from __future__ import annotations

from typing import NamedTuple


class Extra(NamedTuple):
    slug: str
    kind: str
    title: str
    body: str


class Pair(NamedTuple):
    a: str
    b: str
    duplicate: bool
    category: str


EXTRA: list[Extra] = [
    # --- paraphrases and translations of demo answers --------------------------------------
    Extra("dup-pricing-en", "faq", "How is the software priced: per user or per feature?",
          "Each product is charged by what drives its value: CRM per named user per year in three "
          "editions; the contact-centre cloud per agent plus call minutes or message volume; the data "
          "platform per compute node or CU bundle; the IoT platform in tiers by connected devices; "
          "low-code per app plus users.\n\nOn-premises is a one-off licence plus 18-22 % maintenance a "
          "year. Multi-year and multi-product bundles are discounted; the formal quotation decides."),
    Extra("dup-sla-en", "faq", "What uptime does the SaaS SLA promise, and what if you miss it?",
          "We commit to 99.95 % monthly availability for the SaaS service, i.e. no more than about 22 "
          "minutes down a month, planned maintenance excluded (announced 72 hours ahead). If we miss "
          "it, a share of that month's fee comes back as credit: 10 % between 99.0 and 99.95 %, 25 % "
          "between 95 and 99 %, 50 % below 95 %. Availability is published live in the console and "
          "credits can be claimed within 30 days of an incident."),
    Extra("dup-backup-para", "faq", "数据多久备份一次？出故障最多丢多少、多久能恢复？",
          "云端环境每一刻钟做一次增量备份，每天一次全量并留存一个月，副本同时放在本市和外地机房。"
          "发生故障时最多丢失 15 分钟内的数据，4 小时内恢复服务；启用同城双活的话 5 分钟内切换完毕。"
          "我们每个季度演练一次恢复，演练报告可以提供给客户。本地部署的客户按其容灾级别单独设计。"),
    Extra("dup-mlps-en", "faq", "Has your platform passed MLPS Level 3 (等保三级) assessment?",
          "Yes. The Yunce SaaS platform is filed with the public security bureau at MLPS Level 3 and "
          "assessed by an accredited testing body, with a yearly re-assessment; the latest result was "
          "'good'. Under NDA we share the summary of the assessment report and the filing certificate. "
          "For on-premises projects we provide a Level 3 security baseline, separation of the three "
          "administrator roles and an audit-log design to help you pass your own assessment; more than "
          "60 projects passed at the first attempt."),
    Extra("dup-sm4-zht", "faq", "系統能否用國密 SM4 演算法加密儲存敏感資料？",
          "可以，國密演算法都有支援：SM2 用於數位簽章、金鑰交換與國密 HTTPS，SM3 用於密碼雜湊與日誌完整性，"
          "SM4 用於敏感欄位、檔案及備份的加密儲存。哪些欄位要加密（身分證字號、手機號碼、病歷摘要）可以逐一設定，"
          "金鑰交由密碼機或 KMS 保管並定期更換，醫院與農商銀行的專案都已通過密碼應用評估。"),
    Extra("dup-sso-zh", "faq", "是否支持通过 LDAP/AD、SAML 2.0 或 OIDC 单点登录？",
          "支持，开箱即用：\n- LDAP/AD 绑定认证或定时同步\n- SAML 2.0，已对接 Azure AD、Okta、ADFS、Shibboleth\n"
          "- OIDC/OAuth 2.0\n- SCIM 2.0 账号自动开通\n\n多因素认证可由贵方身份提供方强制启用，单点登录上线后可关闭本地密码。"),
    Extra("dup-api-zh", "faq", "接口调用有频率限制吗？支持 Webhook 吗？",
          "REST 接口遵循 OpenAPI 3.0，使用 OAuth 2.0 鉴权。标准版每个租户每秒 100 次请求，企业版每秒 500 次；"
          "私有化部署可自行配置。批量接口每次最多 1 万条记录。Webhook 带 HMAC 签名，失败后 24 小时内自动重试。"),
    Extra("dup-edge-en", "faq", "Do we lose sensor data when the edge gateway goes offline?",
          "No. The edge gateway keeps a local time-series buffer, 7 days by default and extendable past "
          "30 days. While the link is down, collection, rules and local alarms keep running; once it "
          "is back the gateway resumes the upload in time order, throttled so it does not flood the "
          "bandwidth. The platform checks every point for gaps and marks missing periods in the data "
          "quality report. On wind farms and oil fields with weak networks, data completeness stays "
          "above 99.9 %."),
    Extra("dup-training-para", "faq", "客服云项目怎么给我们的人做培训？",
          "一般项目里培训这样排：上线前两周给管理员做两天现场课，讲配置、权限和报表；上线前一周分批给班组长和坐席各讲两小时，"
          "讲工作台和知识库；上线后一个月内全员线上答疑。每次都有录像和手册，另外有在线学习平台和认证考试，"
          "寒暑假高峰之前还可以再加一轮复训。"),
    Extra("dup-timeline-en", "faq", "How long does a standard CRM implementation take?",
          "It depends on size and integrations: standard SaaS under 200 users, 4-6 weeks; mid-size "
          "with one or two integrations (200-1,000 users), 8-12 weeks; large or on-premises above "
          "1,000 users, 3-6 months. That covers requirements, configuration, data migration, "
          "integration testing, training and go-live support. We suggest going live with the core "
          "process first and iterating; front-line sales are usually using it within three months."),
    Extra("dup-export-zh", "faq", "如果不再续约，我们的数据怎么拿回来？",
          "数据归您所有。记录、录音和转写文本随时可以用批量工具或接口导出。合同结束后有 90 天免费导出期，"
          "之后删除数据，备份在 35 天内清除，并出具删除证明。"),
    Extra("dup-export-para", "faq", "What happens to our records when the contract ends?",
          "You own everything you put in. Records, call recordings and transcripts can be pulled out at "
          "any time with the bulk export tool or the API. Once the contract is over you have 90 days to "
          "export at no charge; after that we erase the data, purge it from backups within 35 days and "
          "give you a certificate of deletion."),
    Extra("dup-callcenter-zht", "faq", "呼叫中心最多能讓多少客服同時上線？",
          "雲端版每個租戶可讓 3,000 位客服同時在線；地端部署的單一叢集實測可承載 5,000 席、6,000 路同時通話，"
          "還能橫向擴充多個叢集。透過 SIP 中繼對接電信商，可與 Avaya、Cisco 交換機並存；支援兩地三中心，"
          "單一中心故障 30 秒內切換；錄音、轉寫、品檢元件各自擴容。某大型券商正式環境 1,200 席，行情高峰日來電 12 萬通仍穩定運作。"),
    Extra("dup-budget-en", "objection", "We've already spent this year's budget; let's talk next year",
          "**Acknowledge**\nUniversity budgets are approved once a year and adding money mid-year is "
          "hard; we don't want to put you in a difficult spot.\n\n**Clarify**\nWhen is the deadline for "
          "next year's budget request, and what does it need: a project plan, cost estimates, cases "
          "from similar universities? Does the IT centre apply alone or jointly with academic affairs "
          "and planning?\n\n**Respond**\nBecause the budget cycle is long, now is the right moment to "
          "prepare next year's project. A 'double first-class' university in the south-west finished "
          "its plan and expert review in the second half of the year and started as soon as the "
          "budget was approved."),
    Extra("dup-build-en", "objection", "Our IT department can build these apps itself; we don't need a platform",
          "**Acknowledge**\nYour IT team is strong, and building it yourselves gives more control; we "
          "respect that.\n\n**Clarify**\nHow many business requests are queued? How much IT capacity "
          "goes into new work and how much into operations? Once home-grown apps are live, who handles "
          "change requests, permissions, mobile and the later move to domestic (Xinchuang) "
          "infrastructure?\n\n**Respond**\nLow-code does not replace IT; it frees IT from repetitive "
          "forms and workflows. An oil production plant in the north-east planned five months to build "
          "a work-permit system in-house; on the platform two core apps and five supporting apps were "
          "live in six weeks."),
    # --- near-copies ------------------------------------------------------------------------
    Extra("dup-sla-copy", "faq", "SaaS 服务的 SLA 可用性承诺及赔偿",
          "SaaS 服务按月承诺 99.95% 可用性（每月不可用约 22 分钟以内，计划维护除外，需提前 72 小时通知）。"
          "未达标按当月服务费返还抵扣金：月可用性 99.0%–99.95% 补偿 10%，95.0%–99.0% 补偿 25%，低于 95.0% 补偿 50%。\n\n"
          "可用性数据在控制台实时公示，事件后 30 天内可申请补偿。企业版客户另有专属技术经理。"),
    Extra("dup-api-copy", "faq", "API rate limits and webhooks",
          "REST APIs (OpenAPI 3.0, OAuth 2.0) allow 100 req/s per tenant on Standard and 500 on "
          "Enterprise; on-premise is configurable. Bulk APIs take 10,000 records per call. Webhooks "
          "are HMAC-signed and retried for 24 hours. Higher limits are available on request."),
    # --- hard negatives: the same topic, another answer ---------------------------------------
    Extra("neg-pricing-flat", "faq", "平台怎么收费？有没有按用户数计费？",
          "我们不按用户数收费。所有产品打包为一个平台年费，按客户上一年营业收入分档定价，"
          "不限用户数和功能模块；首年含实施，次年起只收年费。政府和高校客户另有固定价目表。"),
    Extra("neg-sla-onprem", "faq", "私有化部署有可用性 SLA 吗？",
          "私有化部署运行在客户自己的机房，可用性取决于客户的硬件与运维，我们不承诺可用性百分比，也不做服务费赔偿。"
          "我们承诺的是响应时效：一级故障 30 分钟响应、4 小时给出临时方案，并提供远程巡检和版本升级服务。"),
    Extra("neg-backup-customer", "faq", "私有化部署的数据由谁负责备份？",
          "私有化部署的数据备份由客户的运维团队负责，产品内置备份脚本与恢复手册，支持对接客户现有的备份软件和磁带库。"
          "实施阶段我们协助制定备份策略并做一次恢复验证，之后的例行备份不在我们的服务范围内。"),
    Extra("neg-login-mobile", "faq", "Does the mobile app support fingerprint or Face ID login?",
          "Yes. The iOS and Android apps support fingerprint and Face ID unlock after a first sign-in "
          "with a password, and an administrator can require a PIN on shared devices. Sessions on a "
          "lost phone can be revoked remotely from the admin console."),
    Extra("neg-api-versioning", "faq", "How long do you keep old API versions running?",
          "Each major API version is supported for at least 24 months after its successor ships. "
          "Deprecations are announced in the changelog and by e-mail six months ahead, and responses "
          "from a deprecated version carry a Sunset header."),
    Extra("neg-edge-hardware", "faq", "边缘网关有哪些硬件型号可选？",
          "提供三款边缘网关：轻量型（4 核 ARM、2 GB 内存，适合 200 个测点以内）、标准型（8 核、8 GB，带 4G 模块）、"
          "工业加固型（宽温 -40 至 70 度，IP65 防护，双电源）。均支持导轨安装，三年质保。"),
    Extra("neg-training-fee", "faq", "额外的培训要另外收费吗？",
          "合同内的标准培训不收费。超出部分按人天计费：现场培训每人天 6,000 元，线上专场每场 3,000 元，"
          "认证考试每人 800 元；差旅费按实报销。"),
    Extra("neg-import-legacy", "faq", "How do we move our data over from the old system?",
          "We migrate in three passes: a trial load from an export of your old system, a full load "
          "checked with you field by field, and a final delta on the cut-over weekend. Typical "
          "sources are Salesforce, Dynamics, spreadsheets and SQL databases."),
    Extra("neg-callcenter-ivr", "faq", "客服云的语音导航支持哪些语言和方言？",
          "语音导航（IVR）支持普通话、粤语、英语三种语音，按来电号码归属地自动切换；四川话、闽南语通过语音识别插件支持，"
          "识别准确率约 90%。导航菜单可在控制台拖拽配置，修改后即时生效。"),
    Extra("neg-timeline-delay", "faq", "If the implementation runs late, what compensation do we get?",
          "Delays caused by us are credited at 2 % of the implementation fee per week, capped at 10 %. "
          "Delays caused by missing customer inputs move the milestone by the same time. The steering "
          "committee reviews the plan every two weeks."),
    Extra("neg-export-retention", "faq", "合同期内删除的数据还能恢复吗？",
          "误删除的记录在回收站保留 30 天，管理员可以自行恢复；超过 30 天的只能从每日备份中找回，"
          "需要提交工单，按次收取恢复服务费。"),
    # hard negatives in the other language than the demo item they sit beside
    Extra("neg-mlps-en", "faq", "Which MLPS level does an on-premises deployment need?",
          "That is decided by the customer's own system grading, not by us: most hospital and "
          "education systems are graded Level 2, core banking and government platforms Level 3. "
          "The grading is filed with the local public security bureau before the assessment."),
    Extra("neg-byok-en", "faq", "Can we bring our own encryption keys in the public cloud?",
          "Yes, on the Enterprise plan. Keys stay in your cloud KMS (AWS KMS, Azure Key Vault or "
          "Alibaba Cloud KMS); revoking the key makes your tenant's data unreadable within minutes."),
    Extra("neg-remote-agents-en", "faq", "Can contact-centre agents work from home?",
          "Yes. Agents sign in to the browser workstation from anywhere with a headset; calls are "
          "routed over WebRTC, and supervisors see home agents on the same wallboard as the office."),
    Extra("neg-api-fee-zh", "faq", "接口调用要另外收费吗？",
          "标准接口调用不另收费，包含在订阅费中。超过每月 500 万次的部分按每 10 万次 50 元计费，"
          "私有化部署不限调用次数。"),
    Extra("neg-sla-credit-zh", "faq", "服务赔偿可以换成现金吗？",
          "不可以。服务赔偿只以抵扣金形式抵扣下一期服务费，不退现金；合同终止时未用完的抵扣金作废。"),
]

# The demo's lessons, written down again by hand (from a team's old notes, with another bid as
# their source): a retrospective no longer records a lesson twice (one lesson item names every
# bid it was learned from), so these are the near-copies a library still gets
_LESSON_AGAIN = [
    ("demo-lesson-1", "dup-lesson-rehearsal", "述标演练至少两轮，由三级评审人扮演评委提问",
     "来自方案 P-2024-031《某市医保局 智能客服》（某市医保局）的复盘：丢单，2024-11-02。"),
    ("demo-lesson-5", "dup-lesson-xinchuang", "信创要求要在需求澄清阶段确认清楚，避免技术评分被扣",
     "来自方案 P-2024-044《某市城投集团 数据中台》（某市城投集团）的复盘：丢单，2024-12-18。"),
    ("demo-lesson-2", "dup-lesson-tco", "采购主导的项目，提前准备三年总体拥有成本对比，而不是只报单价",
     "来自方案 P-2024-012《华东制药 设备预测性维护》（华东制药）的复盘：赢单，2024-09-09。"),
    ("demo-lesson-4", "dup-lesson-questionnaire", "Bring the security questionnaire answers to the first meeting",
     "From the retrospective of P-2024-027 “Omnichannel service desk for Tailspin Bank” (Tailspin Bank): "
     "lost, decided 2024-10-21."),
    ("demo-lesson-7", "dup-lesson-low-price", "竞品低价时，把服务级别和违约赔付写进报价，让价格差有解释",
     "来自方案 P-2024-050《某区政务中心 全渠道服务台》（某区政务中心）的复盘：丢单，2025-01-15。"),
    ("demo-lesson-3", "dup-lesson-named-team", "交付方案要写到人：项目经理、架构师的简历和到岗时间",
     "来自方案 P-2024-038《远航物流 会员运营中台》（远航物流）的复盘：赢单，2024-11-28。"),
]
EXTRA += [Extra(slug, "lesson", lesson, f"{lesson}\n\n{source}") for _demo, slug, lesson, source in _LESSON_AGAIN]

PAIRS: list[Pair] = [
    Pair("dup-pricing-en", "faq-pricing-model", True, "translation"),
    Pair("dup-sla-en", "faq-sla-availability", True, "translation"),
    Pair("dup-backup-para", "faq-backup-rpo-rto", True, "paraphrase"),
    Pair("dup-mlps-en", "faq-mlps-level3", True, "translation"),
    Pair("dup-sm4-zht", "faq-sm4-encryption", True, "traditional"),
    Pair("dup-sso-zh", "faq-sso-ldap-en", True, "translation"),
    Pair("dup-api-zh", "faq-api-rate-limits-en", True, "translation"),
    Pair("dup-edge-en", "faq-iot-edge-offline", True, "translation"),
    Pair("dup-training-para", "faq-training-plan", True, "paraphrase"),
    Pair("dup-timeline-en", "faq-implementation-timeline", True, "translation"),
    Pair("dup-export-zh", "faq-data-export-exit-en", True, "translation"),
    Pair("dup-export-para", "faq-data-export-exit-en", True, "paraphrase"),
    Pair("dup-export-para", "dup-export-zh", True, "translation"),
    Pair("dup-callcenter-zht", "faq-callcenter-concurrency", True, "traditional"),
    Pair("dup-budget-en", "objection-budget-next-year", True, "translation"),
    Pair("dup-build-en", "objection-build-in-house", True, "translation"),
    Pair("dup-sla-en", "dup-sla-copy", True, "translation"),
    Pair("dup-sla-copy", "faq-sla-availability", True, "near-copy"),
    Pair("dup-api-copy", "faq-api-rate-limits-en", True, "near-copy"),
    Pair("dup-api-copy", "dup-api-zh", True, "translation"),
    Pair("dup-sso-zh", "dup-sso-zh-twin", True, "near-copy"),  # the twin: written in Traditional by the bench
    Pair("dup-sso-zh-twin", "faq-sso-ldap-en", True, "translation"),
    *(Pair(slug, demo, True, "near-copy") for demo, slug, _lesson, _source in _LESSON_AGAIN),
    Pair("neg-pricing-flat", "faq-pricing-model", False, "hard-negative"),
    Pair("neg-pricing-flat", "dup-pricing-en", False, "hard-negative"),
    Pair("neg-sla-onprem", "faq-sla-availability", False, "hard-negative"),
    Pair("neg-sla-onprem", "dup-sla-en", False, "hard-negative"),
    Pair("neg-backup-customer", "faq-backup-rpo-rto", False, "hard-negative"),
    Pair("neg-login-mobile", "faq-sso-ldap-en", False, "hard-negative"),
    Pair("neg-api-versioning", "faq-api-rate-limits-en", False, "hard-negative"),
    Pair("neg-edge-hardware", "faq-iot-edge-offline", False, "hard-negative"),
    Pair("neg-training-fee", "faq-training-plan", False, "hard-negative"),
    Pair("neg-import-legacy", "faq-data-export-exit-en", False, "hard-negative"),
    Pair("neg-callcenter-ivr", "faq-callcenter-concurrency", False, "hard-negative"),
    Pair("neg-timeline-delay", "faq-implementation-timeline", False, "hard-negative"),
    Pair("neg-export-retention", "faq-data-export-exit-en", False, "hard-negative"),
    Pair("neg-export-retention", "dup-export-zh", False, "hard-negative"),
    Pair("neg-mlps-en", "faq-mlps-level3", False, "hard-negative"),
    Pair("neg-mlps-en", "dup-mlps-en", False, "hard-negative"),
    Pair("neg-byok-en", "faq-sm4-encryption", False, "hard-negative"),
    Pair("neg-remote-agents-en", "faq-callcenter-concurrency", False, "hard-negative"),
    Pair("neg-api-fee-zh", "faq-api-rate-limits-en", False, "hard-negative"),
    Pair("neg-api-fee-zh", "dup-api-zh", False, "hard-negative"),
    Pair("neg-sla-credit-zh", "dup-sla-en", False, "hard-negative"),
    Pair("neg-sla-credit-zh", "faq-sla-availability", False, "hard-negative"),
    Pair("faq-call-recording-retention", "faq-audit-log", False, "same-topic"),
    Pair("objection-vendor-lockin", "faq-lowcode-app-export", False, "same-topic"),
    Pair("objection-gdpr-china-vendor-en", "faq-gdpr-data-residency-en", False, "same-topic"),
    Pair("case-edu-university-data-governance", "case-edu-lowcode-campus-apps", False, "same-topic"),
    Pair("case-retail-ecommerce-chatbot", "case-edu-online-course-chatbot", False, "same-topic"),
    Pair("case-mfg-pcb-oee-zht", "case-mfg-predictive-maintenance", False, "same-topic"),
    Pair("faq-on-premise-deployment-en", "faq-onprem-hardware-zht", False, "same-topic"),
    Pair("faq-hybrid-deployment", "faq-on-premise-deployment-en", False, "same-topic"),
    Pair("faq-sla-availability", "faq-sla-hk-support-zht", False, "same-topic"),
    Pair("objection-too-expensive-en", "objection-competitor-price-cut-zht", False, "same-topic"),
    Pair("lesson-won-executive-sponsor", "objection-hospital-data-cannot-leave", False, "same-topic"),
    Pair("case-energy-gas-call-center", "case-mfg-aftersales-service-cloud", False, "same-topic"),
]

# written by the bench: a script twin (Traditional) of one of the extra items
TWINS = {"dup-sso-zh-twin": "dup-sso-zh"}
