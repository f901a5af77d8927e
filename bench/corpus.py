"""A deterministic corpus of presales knowledge items for benchmarks: ~1 KB each, mixed
Simplified Chinese (60%), Traditional Chinese (20%) and English (20%)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

import opencc

INDUSTRIES = ["manufacturing", "education", "healthcare", "finance", "retail", "saas", "energy"]
PRODUCTS = ["CRM", "客服云", "数据中台", "IoT平台", "低代码平台"]
KINDS = ["case", "faq", "objection", "lesson"]
TAGS = ["私有化部署", "等保三级", "国密", "信创", "数据迁移", "报价", "竞品", "实施周期", "SLA", "集成", "API",
        "单点登录", "移动端", "报表", "预测性维护", "工单", "呼叫中心", "智能客服", "线索管理", "数据治理",
        "高可用", "培训", "定制开发", "合同条款", "ROI", "多语言", "数据安全", "审计"]
ZH_SUBJECTS = ["客户", "某城商行", "某三甲医院", "某汽车零部件厂", "某连锁零售品牌", "某省级电网公司", "某职业教育集团",
               "某 SaaS 厂商", "信息中心", "采购部门", "业务负责人", "IT 团队", "运维团队", "销售团队"]
ZH_VERBS = ["要求", "希望", "关注", "担心", "评估", "上线", "部署", "集成", "迁移", "优化", "替换", "扩容", "验证", "对比"]
ZH_OBJECTS = ["私有化部署方案", "等保三级测评报告", "国密 SM4 加密", "数据迁移与回滚计划", "双轨运行", "报价与折扣",
              "总体拥有成本", "实施周期与里程碑", "SLA 99.95% 可用性", "单点登录与 LDAP 集成", "移动端离线能力",
              "监管报送", "预测性维护模型", "工单自动分派", "智能客服知识库", "线索自动分配", "数据治理平台",
              "信创适配（麒麟、达梦、鲲鹏）", "高可用与灾备", "API 限流", "审计日志", "多语言界面", "培训计划"]
ZH_RESULTS = ["上线周期缩短 40%", "转化率提升 37%", "非计划停机下降 42%", "报送差错率下降 85%", "客服响应时间缩短到 30 秒",
              "运维成本降低 25%", "投资回收期 11 个月", "72小时内完成根因分析", "满意度提升到 96%", "覆盖 26 家二级单位"]
EN_SUBJECTS = ["The customer", "A regional bank", "A hospital group", "An auto-parts maker", "A retail chain",
               "The IT department", "Procurement", "The CIO", "A SaaS vendor", "The support team"]
EN_VERBS = ["requires", "asked about", "worried about", "evaluated", "compared", "deployed", "integrated",
            "migrated", "needs", "challenged"]
EN_OBJECTS = ["on-premise deployment", "SSO with LDAP and SAML", "data migration with rollback", "pricing and discounts",
              "total cost of ownership", "a 99.95% availability SLA", "GDPR data residency", "predictive maintenance",
              "ticket routing", "chatbot accuracy", "lead assignment rules", "API rate limits", "audit logs",
              "high availability and disaster recovery", "implementation timeline", "penetration test reports"]
EN_RESULTS = ["cut go-live time by 40%", "raised conversion by 37%", "reduced unplanned downtime by 42%",
              "answered chats in 30 seconds", "paid back in 11 months", "passed the security review first time"]


@dataclass(frozen=True)
class Doc:
    slug: str
    kind: str
    title: str
    body: str
    industry: str
    product: str
    tags: tuple[str, ...]
    language: str


def _zh_sentence(rng: random.Random) -> str:
    return f"{rng.choice(ZH_SUBJECTS)}{rng.choice(ZH_VERBS)}{rng.choice(ZH_OBJECTS)}，最终{rng.choice(ZH_RESULTS)}。"


def _en_sentence(rng: random.Random) -> str:
    return f"{rng.choice(EN_SUBJECTS)} {rng.choice(EN_VERBS)} {rng.choice(EN_OBJECTS)} and we {rng.choice(EN_RESULTS)}."


def generate(n: int, seed: int = 20261123) -> Iterator[Doc]:
    rng = random.Random(seed)
    to_trad = opencc.OpenCC("s2tw")
    for i in range(n):
        roll = rng.random()
        lang = "zh-Hans" if roll < 0.6 else "zh-Hant" if roll < 0.8 else "en"
        if lang == "en":
            title = f"{rng.choice(EN_SUBJECTS)} {rng.choice(EN_VERBS)} {rng.choice(EN_OBJECTS)}"
            body = " ".join(_en_sentence(rng) for _ in range(11))
        else:
            title = f"{rng.choice(ZH_SUBJECTS)}：{rng.choice(ZH_OBJECTS)}，{rng.choice(ZH_RESULTS)}"
            body = "".join(_zh_sentence(rng) for _ in range(15))
            if lang == "zh-Hant":
                title, body = to_trad.convert(title), to_trad.convert(body)
        yield Doc(
            slug=f"bench-{i:06d}",
            kind=rng.choice(KINDS),
            title=title,
            body=body,
            industry=rng.choice(INDUSTRIES),
            product=rng.choice(PRODUCTS),
            tags=tuple(rng.sample(TAGS, 3)),
            language=lang,
        )


def queries(n: int = 320, seed: int = 7) -> list[dict[str, str]]:
    """Varied queries: words, two-word AND, phrases, filters, Traditional, English, typos."""
    rng = random.Random(seed)
    to_trad = opencc.OpenCC("s2tw")
    words = ["私有化部署", "等保三级", "国密", "数据迁移", "报价", "总体拥有成本", "实施周期", "监管报送", "预测性维护",
             "智能客服", "线索", "双轨运行", "高可用", "审计日志", "信创", "培训计划", "SLA", "SM4", "72小时", "99.95%"]
    en = ["on-premise", "SSO LDAP", "data migration", "pricing", "total cost of ownership", "GDPR", "predictive maintenance",
          "chatbot", "API rate limits", "audit logs", "disaster recovery", "penetration test"]
    out: list[dict[str, str]] = []
    while len(out) < n:
        kind = len(out) % 8
        if kind == 0:
            out.append({"text": rng.choice(words)})
        elif kind == 1:
            out.append({"text": f"{rng.choice(words)} {rng.choice(words)}"})
        elif kind == 2:
            out.append({"text": f'"{rng.choice(ZH_OBJECTS).split("（")[0]}"'})
        elif kind == 3:
            out.append({"text": rng.choice(words), "industry": rng.choice(INDUSTRIES)})
        elif kind == 4:
            out.append({"text": to_trad.convert(rng.choice(words))})
        elif kind == 5:
            out.append({"text": rng.choice(en)})
        elif kind == 6:
            out.append({"text": rng.choice(words), "kind": rng.choice(KINDS)})
        else:
            out.append({"text": f"{rng.choice(en)} {rng.choice(words)}"})
    return out
