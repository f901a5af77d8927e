from __future__ import annotations

import datetime as dt

import pytest

from workbench.core.errors import Conflict, Forbidden, InvalidInput, NotFound, WorkbenchError
from workbench.core.knowledge.language import (
    detect_language,
    for_hong_kong_readers,
    for_readers_of,
    for_simplified_readers,
    in_region_forms,
    to_simplified,
    to_traditional,
)
from workbench.core.knowledge.model import ItemDraft, ItemFilter, Kind, Status
from workbench.core.workspace import Workspace


def _draft(**kw: object) -> ItemDraft:
    base: dict[str, object] = {
        "kind": Kind.FAQ,
        "title": "是否支持国密 SM4？",
        "body": "支持 SM2、SM3、SM4。",
        "slug": "faq-sm4",
        "industry": "finance",
        "tags": ("国密",),
    }
    base.update(kw)
    return ItemDraft(**base)  # type: ignore[arg-type]


def test_create_edit_keeps_history_and_detects_language(ws: Workspace) -> None:
    alice = ws.users.get("alice")
    created = ws.knowledge.create(alice, _draft())
    assert created.changes.knowledge and created.changes.index
    item = created.value
    assert item.owner == "alice" and item.language == "zh-Hans" and item.version == 1
    edited = ws.knowledge.update(alice, item.slug, _draft(body="Supports SM2, SM3 and SM4 national crypto algorithms."), item.version).value
    assert edited.version == 2
    history = ws.knowledge.history(item.slug)
    assert [(v.version, v.action, v.changed_by) for v in history] == [(1, "create", "alice"), (2, "edit", "alice")]
    assert history[0].body == "支持 SM2、SM3、SM4。"
    assert edited.language == "mixed"


def test_saving_unchanged_content_writes_nothing(ws: Workspace) -> None:
    alice = ws.users.get("alice")
    item = ws.knowledge.create(alice, _draft()).value
    result = ws.knowledge.update(alice, item.slug, item.to_draft(), item.version)
    assert not result.changes.any()
    assert len(ws.knowledge.history(item.slug)) == 1


def test_conflicting_edit_is_refused_and_loses_nothing(ws: Workspace) -> None:
    alice, rita = ws.users.get("alice"), ws.users.get("rita")
    item = ws.knowledge.create(alice, _draft()).value
    ws.knowledge.update(rita, item.slug, _draft(body="rita's answer"), item.version)
    with pytest.raises(Conflict) as caught:
        ws.knowledge.update(alice, item.slug, _draft(body="alice's answer"), item.version)
    assert "rita" in caught.value.message("en")
    assert "rita" in caught.value.message("zh")
    assert ws.knowledge.get(item.slug).body == "rita's answer"


def test_viewer_cannot_write_and_admin_only_manages_users(ws: Workspace) -> None:
    nina, alice = ws.users.get("nina"), ws.users.get("alice")
    with pytest.raises(Forbidden) as caught:
        ws.knowledge.create(nina, _draft())
    assert "nina" in caught.value.message("en") and "无权" in caught.value.message("zh")
    item = ws.knowledge.create(alice, _draft()).value
    for call in (
        lambda: ws.knowledge.update(nina, item.slug, _draft(body="x"), None),
        lambda: ws.knowledge.archive(nina, item.slug),
        lambda: ws.knowledge.verify(nina, item.slug),
        lambda: ws.importer.run(nina, []),
        lambda: ws.users.add(alice, "zed", "author"),
    ):
        with pytest.raises(Forbidden):
            call()
    assert ws.knowledge.get(item.slug).version == 1
    assert "zed" not in [u.name for u in ws.users.all()]


def test_user_rules(ws: Workspace) -> None:
    admin = ws.actor()
    with pytest.raises(InvalidInput):
        ws.users.add(admin, "t", "reviewer")  # a reviewer needs a tier
    with pytest.raises(InvalidInput):
        ws.users.add(admin, "t", "author", tier=2)
    with pytest.raises(InvalidInput):
        ws.users.add(admin, "t", "boss")
    with pytest.raises(WorkbenchError):
        ws.users.add(admin, "alice", "author")
    if ws.login_required():  # a team database: tom signs in with his password
        added = ws.users.add(admin, "tom", "reviewer", 3, password="tom-password").value
        ws.login("tom", "tom-password")
    else:  # a laptop's own database: the local profile switches
        added = ws.users.add(admin, "tom", "reviewer", 3).value
        ws.users.switch("tom")
    assert (added.role.value, added.tier) == ("reviewer", 3)
    assert ws.actor().name == "tom"


def test_archive_verify_and_stale(ws: Workspace) -> None:
    alice = ws.users.get("alice")
    old = ws.knowledge.create(alice, _draft(review_by=dt.date(2020, 1, 1))).value
    assert old.is_stale()
    assert [i.slug for i in ws.knowledge.items(ItemFilter(stale_only=True))] == [old.slug]
    verified = ws.knowledge.verify(alice, old.slug).value
    assert not verified.is_stale() and verified.review_by and verified.review_by > dt.date.today()
    ws.knowledge.archive(alice, old.slug)
    assert ws.knowledge.items() == []
    assert ws.knowledge.items(ItemFilter(include_archived=True))[0].status is Status.ARCHIVED
    assert [v.action for v in ws.knowledge.history(old.slug)] == ["create", "verify", "archive"]


def test_filters_and_facets(ws: Workspace) -> None:
    alice = ws.users.get("alice")
    ws.knowledge.create(alice, _draft())
    ws.knowledge.create(alice, _draft(slug="case-a", kind=Kind.CASE, title="Case A", industry="retail", product="CRM", tags=("ROI", "国密")))
    assert [i.slug for i in ws.knowledge.items(ItemFilter(kind="case"))] == ["case-a"]
    assert [i.slug for i in ws.knowledge.items(ItemFilter(tag="国密"))] == ["case-a", "faq-sm4"] or \
        sorted(i.slug for i in ws.knowledge.items(ItemFilter(tag="国密"))) == ["case-a", "faq-sm4"]
    assert [i.slug for i in ws.knowledge.items(ItemFilter(industry="retail"))] == ["case-a"]
    facets = ws.knowledge.facets()
    assert facets.industries == ("finance", "retail")
    assert facets.tags[0] == "国密"  # most used first


def test_bad_input_is_refused(ws: Workspace) -> None:
    alice = ws.users.get("alice")
    with pytest.raises(InvalidInput):
        ws.knowledge.create(alice, _draft(title="   "))
    with pytest.raises(InvalidInput):
        ws.knowledge.create(alice, _draft(slug="has space"))
    ws.knowledge.create(alice, _draft())
    with pytest.raises(WorkbenchError) as caught:
        ws.knowledge.create(alice, _draft())
    assert caught.value.code == "slug_taken"
    with pytest.raises(NotFound):
        ws.knowledge.get("nope")


def test_text_longer_than_its_column_is_refused_alike_on_both_backends(ws: Workspace) -> None:
    """SQLite would keep a 501-character title, PostgreSQL would fail in the driver: both refuse it
    with the same clear error, and nothing is saved."""
    alice = ws.users.get("alice")
    with pytest.raises(InvalidInput) as caught:
        ws.knowledge.create(alice, _draft(title="T" * 501))
    assert caught.value.code == "text_too_long" and caught.value.message("en") == (
        "'title' is too long: 501 characters, at most 500.")
    with pytest.raises(InvalidInput):
        ws.knowledge.create(alice, _draft(customer="C" * 201))
    assert ws.knowledge.count() == 0
    ws.knowledge.create(alice, _draft(title="T" * 500))  # the limit itself is fine
    assert ws.knowledge.count() == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("競品降價三成，你們的報價太高了，客戶很在意總體擁有成本", "zh-Hant"),
        ("竞品降价三成，你们的报价太高了，客户很在意总体拥有成本", "zh-Hans"),
        ("Your price is too high compared to Globex", "en"),
        ("我们的 CRM 支持 SSO and LDAP integration with Active Directory", "mixed"),
        ("SM4 国密算法加密存储，符合等保三级要求", "zh-Hans"),
        ("", "en"),
    ],
)
def test_language_detection(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_conflict_and_taken_id_messages_name_the_item_by_its_title(ws: Workspace) -> None:
    """The user knows an item by its title; the id stays in parentheses for the CLI."""
    alice, rita = ws.users.get("alice"), ws.users.get("rita")
    item = ws.knowledge.create(alice, _draft(title="是否支持单点登录？")).value
    ws.knowledge.update(rita, item.slug, _draft(title="是否支持单点登录？", body="rita's answer"), item.version)
    with pytest.raises(Conflict) as caught:
        ws.knowledge.set_status(alice, item.slug, Status.ARCHIVED, item.version)
    assert caught.value.message("en").startswith(f"'是否支持单点登录？ ({item.slug})' was changed by rita")
    assert caught.value.message("zh").startswith(f"“是否支持单点登录？ ({item.slug})”在您打开后已被 rita")
    with pytest.raises(InvalidInput) as taken:
        ws.knowledge.create(alice, _draft(title="Another answer", slug=item.slug))
    assert taken.value.message("en") == f"The id '{item.slug}' is already used by the item '是否支持单点登录？'."
    assert taken.value.message("zh") == f"编号“{item.slug}”已被条目“是否支持单点登录？”使用。"


@pytest.mark.parametrize(("simplified", "traditional"), [
    ("私有云部署，数据不出机房", "私有雲部署，數據不出機房"),  # the characters, not the words (資料)
    ("公有云与混合云", "公有雲與混合雲"),
    ("审核为准，着重列出里程碑", "審核為準，著重列出里程碑"),  # Taiwan's forms, not 審覈 / 爲 / 着
    ("详见说明里程碑与交付物", "詳見說明里程碑與交付物"),  # OpenCC alone: 說明裡程碑
    ("在这里程序会重启", "在這裡程序會重啟"),  # 這裡 (here) + 程序 stays
])
def test_traditional_characters_are_taiwans_standard_forms(simplified: str, traditional: str) -> None:
    assert to_traditional(simplified) == traditional


@pytest.mark.parametrize(("simplified", "hong_kong"), [
    # Hong Kong's standard forms (裏, 着, 説, 衞, 温, 户, 啓), not Taiwan's (裡, 著, 說, 衛, 溫, 戶, 啟)
    ("在这里着重说明卫生署的温度监测与客户重启流程", "在這裏着重説明衞生署的温度監測與客户重啓流程"),
    # the words as written: Hong Kong says 數據, 軟件, 項目, 支持 as the mainland does
    ("数据迁移项目的软件支持私有化部署", "數據遷移項目的軟件支持私有化部署"),
    ("服务器的操作系统与宽带", "伺服器的作業系統與寬頻"),  # the few words of its own OpenCC knows
    ("私有云部署，详见说明里程碑", "私有雲部署，詳見説明里程碑"),  # OpenCC's slips mended as for s2tw
])
def test_a_hong_kong_document_gets_hong_kongs_character_forms(simplified: str, hong_kong: str) -> None:
    assert for_readers_of("zh-HK", simplified) == hong_kong
    assert for_readers_of("zh-Hans", hong_kong) == simplified


def test_hong_kong_forms_are_simplified_like_every_other_traditional_character() -> None:
    """Hong Kong writes 衞 (衞生署, 保衞), 敍 and 衹 where Taiwan writes 衛, 敘 and 只; OpenCC's
    Traditional -> Simplified tables, its Taiwan ones too, leave them as they are, so an answer
    written in Hong Kong kept 衞 in a Simplified proposal."""
    import opencc

    assert to_simplified("食物環境衞生署：敍述衹列") == "食物环境卫生署：叙述只列"
    assert for_simplified_readers("衞生署的伺服器與保衞") == "卫生署的服务器与保卫"
    assert detect_language("衞生署") == "zh-Hant"
    # every character whose Hong Kong form (OpenCC's hk2t undoes it) converts otherwise is covered
    han = "\n".join(chr(c) for r in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00)) for c in range(*r))
    standard = opencc.OpenCC("hk2t").convert(han)
    assert to_simplified(han) == opencc.OpenCC("t2s").convert(standard)
    assert for_simplified_readers(han) == opencc.OpenCC("tw2sp").convert(standard)


def test_a_hong_kong_answer_is_found_in_either_script(ws: Workspace) -> None:
    """衞生署 written the Hong Kong way is found by 卫生署 and 衛生署, and 衞生署 finds 卫生署."""
    from workbench.core.search.query import SearchRequest

    alice = ws.users.get("alice")
    ws.knowledge.create(alice, _draft(slug="faq-hk", title="醫院客户的衞生署合規", body="符合衞生署的資料保護指引。"))
    ws.knowledge.create(alice, _draft(slug="faq-cn", title="卫生健康委员会合规", body="符合卫生健康数据安全要求。"))
    ws.index.sync()
    for query in ("卫生署", "衛生署", "衞生署"):
        assert [h.id for h in ws.search.search(SearchRequest(text=query)).hits] == ["faq-hk"], query
    assert {h.id for h in ws.search.search(SearchRequest(text="衞生")).hits} == {"faq-hk", "faq-cn"}


@pytest.mark.parametrize(("taiwan", "hong_kong"), [
    # the variants each standard writes: 裡/裏, 著/着 (as a particle: 著作 and 顯著 are both's), 說/説,
    # 衛/衞, 溫/温, 戶/户, 啟/啓, 峰/峯, 群/羣
    ("系統裡看著辦，著作權與顯著成效說明，衛生署溫度，帳戶啟用，峰值與群組",
     "系統裏看着辦，著作權與顯著成效説明，衞生署温度，帳户啓用，峯值與羣組"),
    ("SLA 99.95%、RPO ≤ 15 分鐘，SM4 加密", "SLA 99.95%、RPO ≤ 15 分鐘，SM4 加密"),  # nothing to change
])
def test_a_traditional_text_takes_the_character_forms_of_its_documents_region(taiwan: str, hong_kong: str) -> None:
    """A Traditional library item going into a Hong Kong document takes Hong Kong's forms, into a
    Taiwan one Taiwan's, as a Simplified one converted for them does; the words stay as written,
    and so does everything in another language or for readers not said."""
    assert in_region_forms("zh-HK", taiwan) == hong_kong
    assert in_region_forms("zh-TW", hong_kong) == taiwan
    assert in_region_forms("zh-HK", hong_kong) == hong_kong and in_region_forms("zh-TW", taiwan) == taiwan
    for other in ("zh-Hant", "zh-Hans", "zh-CN", "en", ""):
        assert in_region_forms(other, taiwan) == taiwan and in_region_forms(other, hong_kong) == hong_kong
    assert in_region_forms("zh-HK", to_traditional("我们在这里着重说明客户温度")) == for_hong_kong_readers(
        "我们在这里着重说明客户温度")


def test_taiwan_text_rewritten_for_taiwan_keeps_the_words_whose_counterpart_means_otherwise() -> None:
    """The words kept as written when Simplified text is rewritten for Taiwan (設備, 參數, 權限...)
    stay so when the text holds them in Traditional characters already (Taiwan's own text, or one
    with both scripts): OpenCC's Taiwan phrases alone made 關鍵設備 關鍵裝置 and 技術參數 技術引數."""
    taiwan = for_readers_of("zh-TW", "请按招标文件提交关键设备的技术参数，审核权限与扩展类型见服务窗口说明")
    assert for_readers_of("zh-TW", taiwan) == taiwan
    assert for_readers_of("zh-TW", "關鍵設備的技術參數與权限") == "關鍵設備的技術參數與權限"


def test_a_taiwan_writers_tai_and_a_hong_kong_answers_words_stay_as_written() -> None:
    """Taiwan writes 台 and 臺 alike: a Taiwan document keeps either as its author wrote it (OpenCC's
    standard takes 臺); Hong Kong's own words (數據, 軟件) and Taiwan's (資料, 軟體) are not exchanged."""
    assert in_region_forms("zh-TW", "台灣與臺北的辦公室裏") == "台灣與臺北的辦公室裡"
    assert in_region_forms("zh-TW", "數據中台與軟件授權") == "數據中台與軟件授權"
    assert in_region_forms("zh-HK", "資料中臺與軟體授權") == "資料中台與軟體授權"


@pytest.mark.parametrize(("simplified", "taiwan"), [
    ("基于大数据平台的数据治理项目，支持私有化部署", "基於大數據平臺的資料治理專案，支援私有化部署"),
    ("服务器内存不少于256GB，软件授权按CPU核数计算", "伺服器記憶體不少於256GB，軟體授權按CPU核數計算"),
    ("用户通过单点登录访问，网络带宽不低于1Gbps", "使用者透過單點登入訪問，網路頻寬不低於1Gbps"),
    # words whose Taiwan "counterpart" means something else stay as written, in Taiwan's characters
    ("请按招标文件提交关键设备的技术参数", "請按招標文件提交關鍵設備的技術參數"),  # not 檔案, 裝置, 引數
    ("审核权限与审批程序见服务窗口说明", "審核權限與審批程序見服務窗口說明"),  # not 稽核, 許可權, 程式, 視窗
    ("私有云部署，详见说明里程碑", "私有雲部署，詳見說明里程碑"),  # OpenCC's own slips mended as for s2tw
    ("提升数据质量，支持移动端与移动办公，中国移动专线接入", "提升資料品質，支援行動端與行動辦公，中國移動專線接入"),
    # by means of an interface or a channel: 透過; passing a test or a rate: 通過, as in Taiwan
    ("通过 API 与短信对接，顺利通过验收，通过率 99%", "透過 API 與簡訊對接，順利通過驗收，通過率 99%"),
    ("用户通过单点登录与企业微信访问，已通过等保测评", "使用者透過單點登入與企業微信訪問，已通過等保測評"),
])
def test_a_taiwan_document_gets_taiwans_words_where_they_mean_the_same(simplified: str, taiwan: str) -> None:
    assert for_readers_of("zh-TW", simplified) == taiwan
    assert for_readers_of("zh-Hant", simplified) == to_traditional(simplified)  # not said where: characters
    assert for_readers_of("zh-HK", simplified) == for_hong_kong_readers(simplified)  # Hong Kong says 數據, 軟件
    assert for_readers_of("zh-Hans", taiwan) == for_simplified_readers(taiwan)
    private = simplified + "\ue000"  # a private-use character of its own: characters only, nothing lost
    assert for_readers_of("zh-TW", private) == to_traditional(private)
