"""The one catalogue of what the core and the command line say, keyed by stable codes, and the
domain errors a user can cause.

The core never knows which language the person reads; callers render a message with
``error.message(lang)`` or ``say(code, lang, **params)``. The GUI passes its UI language, the CLI
the locale's. Languages: ``en``, ``zh_CN`` (also spelled ``zh``), and ``zh_TW``, which falls back to
the zh_CN text converted by OpenCC (s2twp) until an entry gives its own. An entry is
``(en, zh_CN)`` or a mapping ``{"en": ..., "zh_CN": ..., "zh_TW": ...}``. The GUI's own strings
stay in Qt's translation system.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

LANGUAGES = ("en", "zh_CN", "zh_TW")

# code -> (English template, Simplified Chinese template), or {language: template}
MESSAGES: dict[str, tuple[str, str] | Mapping[str, str]] = {
    "item_not_found": ("Knowledge item '{id}' does not exist.", "知识条目“{id}”不存在。"),
    # --- words other messages name (issue 12, one catalogue): a role, an action refused, a proposal
    # status, a company field, a retrospective list. Passed as ``Term(code)`` parameters (or, for
    # ``forbidden``, as the role value / permission phrase) and rendered in the message's language ---
    "role_author": ("author", "作者"),
    "role_reviewer": ("reviewer", "评审人"),
    "role_viewer": ("viewer", "只读用户"),
    "role_admin": ("admin", "管理员"),
    "action_edit_knowledge": ("edit knowledge items", "编辑知识条目"),
    "action_import_knowledge": ("import knowledge", "导入知识"),
    "action_manage_users": ("manage users", "管理用户"),
    "action_archive_knowledge": ("archive knowledge items", "归档知识条目"),
    "action_restore_backups": ("restore backups", "恢复备份"),
    "action_write_proposals": ("write proposals", "编写方案"),
    "action_edit_others_proposal": ("edit someone else's proposal", "修改他人的方案"),
    "action_change_review_settings": ("change review settings", "修改评审设置"),
    "status_draft": ("draft", "草稿"),
    "status_in_review": ("in review", "评审中"),
    "status_changes_requested": ("changes requested", "待修改"),
    "status_approved": ("approved", "已批准"),
    "status_submitted": ("submitted", "已投标"),
    "status_closed": ("closed", "已结束"),
    "company_field_name": ("name", "名称"),
    "company_field_address": ("address", "地址"),
    "retro_list_reasons": ("reasons", "原因"),
    "retro_list_competitors": ("competitors", "竞争对手"),
    "user_not_found": ("User '{name}' does not exist.", "用户“{name}”不存在。"),
    "user_exists": ("A user named '{name}' already exists.", "用户“{name}”已存在。"),
    "user_inactive": ("User '{name}' is deactivated.", "用户“{name}”已停用。"),
    "forbidden": (
        "{user} ({role}) may not {action}.",
        "{user}（{role}）无权{action_zh}。",
    ),
    "invalid_role": (
        "Unknown role '{role}'. Use one of: {choices}.",
        "未知角色“{role}”，可选：{choices}。",
    ),
    "invalid_tier": (
        "A reviewer needs a tier of 1, 2 or 3; other roles have none.",
        "评审人需要 1、2 或 3 级；其他角色没有级别。",
    ),
    "invalid_kind": (
        "Unknown kind '{kind}'. Use one of: {choices}.",
        "未知类型“{kind}”，可选：{choices}。",
    ),
    "invalid_status": (
        "Unknown status '{status}'. Use one of: {choices}.",
        "未知状态“{status}”，可选：{choices}。",
    ),
    "invalid_slug": (
        "'{id}' is not a valid id: use letters, digits and dashes (at most 120).",
        "“{id}”不是有效的编号：只能使用字母、数字和短横线（最多 120 个字符）。",
    ),
    "slug_taken": ("The id '{id}' is already used by the item '{title}'.", "编号“{id}”已被条目“{title}”使用。"),
    "text_too_long": (
        "'{field}' is too long: {length} characters, at most {limit}.",
        "“{field}”过长：{length} 个字符，最多 {limit} 个。",
    ),
    "title_required": ("A title is required.", "标题不能为空。"),
    "invalid_date": ("'{value}' is not a date (use YYYY-MM-DD).", "“{value}”不是有效日期（格式 YYYY-MM-DD）。"),
    "edit_conflict": (
        "'{id}' was changed by {by} at {at} after you opened it. Your text is kept; "
        "reload to see their version, then apply your changes again.",
        "“{id}”在您打开后已被 {by} 于 {at} 修改。您的内容仍保留；请重新加载查看对方版本后再次修改。",
    ),
    "import_path_missing": ("'{path}' does not exist.", "“{path}”不存在。"),
    "import_unsupported": (
        "Unsupported file type '{suffix}' (use .md, .csv, .xlsx or .docx).",
        "不支持的文件类型“{suffix}”（支持 .md、.csv、.xlsx、.docx）。",
    ),
    "import_empty": ("The file is empty.", "文件为空。"),
    "import_binary": ("The file is not text (binary content).", "文件不是文本（含二进制内容）。"),
    "import_encoding": (
        "The file is neither UTF-8 nor GB18030/GBK text.",
        "文件既不是 UTF-8 也不是 GB18030/GBK 编码的文本。",
    ),
    "import_no_front_matter": (
        "The Markdown file has no front matter (a block between '---' lines at the top).",
        "Markdown 文件缺少开头的元数据块（以 '---' 行包围）。",
    ),
    "import_bad_front_matter": (
        "The front matter is not valid YAML: {detail}",
        "元数据块不是有效的 YAML：{detail}",
    ),
    "import_front_matter_not_mapping": (
        "The front matter must be a set of 'key: value' lines.",
        "元数据块必须由“键: 值”行组成。",
    ),
    "import_bad_field": ("Field '{field}' is invalid: {detail}", "字段“{field}”无效：{detail}"),
    "import_no_body": ("The item has no body text.", "条目没有正文。"),
    "import_table_no_header": (
        "No header row with a question/objection column and an answer column was found "
        "(accepted headers: {accepted}).",
        "未找到包含“问题/异议”列和“回答”列的表头（可用表头：{accepted}）。",
    ),
    "import_table_no_rows": ("The table has a header but no data rows.", "表格只有表头，没有数据行。"),
    "import_table_bad_row": ("Row {row}: {detail}", "第 {row} 行：{detail}"),
    "import_docx_unsafe": (
        "The .docx file was refused as unsafe: {detail}",
        "该 .docx 文件存在安全风险，已拒绝：{detail}",
    ),
    "import_docx_corrupt": (
        "The .docx file is damaged or not a Word document ({detail}).",
        "该 .docx 文件已损坏或不是 Word 文档（{detail}）。",
    ),
    "import_xlsx_corrupt": (
        "The .xlsx file is damaged or not an Excel workbook ({detail}).",
        "该 .xlsx 文件已损坏或不是 Excel 工作簿（{detail}）。",
    ),
    "import_too_large": (
        "The file is too large ({size} MB; the limit is {limit} MB).",
        "文件过大（{size} MB，上限 {limit} MB）。",
    ),
    "import_duplicate_in_batch": (
        "Another file in this import already uses the id '{id}' ({other}).",
        "本次导入中另一个文件（{other}）已使用编号“{id}”。",
    ),
    "import_failed": (
        "The file could not be imported ({detail}); the details were written to the log.",
        "无法导入该文件（{detail}），详细信息已写入日志。",
    ),
    "template_error": (
        "Template error in {file}, line {line}: {detail}",
        "模板错误（{file} 第 {line} 行）：{detail}",
    ),
    "template_invalid": (
        "The template '{name}' is not usable: {detail}",
        "模板“{name}”不可用：{detail}",
    ),
    "template_not_found": ("There is no template named '{name}'.", "没有名为“{name}”的模板。"),
    "proposal_not_found": ("Proposal '{id}' does not exist.", "方案“{id}”不存在。"),
    "proposal_inputs": ("{count} of the inputs need fixing:", "有 {count} 处输入需要修改："),
    "proposal_vars_file": ("The variables file is not valid YAML: {detail}", "变量文件不是有效的 YAML：{detail}"),
    "revision_locked": (
        "Revision {revision} of '{id}' was submitted for review and cannot change; save a new revision.",
        "方案“{id}”的第 {revision} 版已提交评审，不能修改；请另存为新版本。",
    ),
    # --- review (workbench.core.reviews) ---
    "proposal_in_review": (
        "'{id}' is in review ({state}); withdraw it before saving a new revision, or wait for the decision.",
        "方案“{id}”正在评审（{state_zh}）；请先撤回再保存新版本，或等待评审结论。",
    ),
    "proposal_approved": (
        "'{id}' was approved at revision {revision} and cannot change.",
        "方案“{id}”的第 {revision} 版已通过评审，不能再修改。",
    ),
    "review_invalid_transition": (
        "You cannot {action} '{id}' while it is {state}.",
        "方案“{id}”当前为{state_zh}，不能{action_zh}。",
    ),
    "review_viewer": (
        "{user} is a viewer: viewers read reviews but never act in them.",
        "{user} 是只读用户：只能查看评审，不能参与操作。",
    ),
    "review_not_author": (
        "Only the author of '{id}' ({author}) can {action} it.",
        "只有方案“{id}”的作者（{author}）可以{action_zh}。",
    ),
    "review_not_reviewer": (
        "{user} ({role}) is not a reviewer; only tier-{tier} reviewers can {action} '{id}' now.",
        "{user}（{role_zh}）不是评审人；方案“{id}”现在只能由第 {tier} 级评审人{action_zh}。",
    ),
    "review_own_proposal": (
        "{user} wrote '{id}': nobody reviews their own proposal.",
        "{user} 是方案“{id}”的作者：任何人都不能评审自己的方案。",
    ),
    "review_wrong_tier": (
        "'{id}' is waiting at tier {tier}; {user} reviews at tier {user_tier}.",
        "方案“{id}”在第 {tier} 级评审；{user} 是第 {user_tier} 级评审人。",
    ),
    "review_twice": (
        "{user} already approved revision {revision} of '{id}' at tier {other_tier}; one person approves "
        "a revision at one tier only.",
        "{user} 已在第 {other_tier} 级批准过方案“{id}”的第 {revision} 版；同一版本每人只能在一个级别批准。",
    ),
    "review_claimed": (
        "'{id}' is claimed by {by}; only they (or a review lead) can {action} it.",
        "方案“{id}”已由 {by} 认领；只有认领人（或评审负责人）可以{action_zh}。",
    ),
    "review_not_claimed": ("Nobody has claimed '{id}'.", "方案“{id}”尚无人认领。"),
    "review_comment_required": (
        "Say what is needed: {action} on '{id}' needs a comment.",
        "请写明意见：对方案“{id}”{action_zh}时必须填写评论。",
    ),
    "review_not_lead": (
        "Only a review lead (an administrator or a tier-3 reviewer) can {action}.",
        "只有评审负责人（管理员或三级评审人）可以{action_zh}。",
    ),
    "review_assignee_missing": ("Choose the reviewer to hand '{id}' to.", "请选择要改派方案“{id}”的评审人。"),
    "review_no_new_revision": (
        "Changes were requested on revision {revision} of '{id}'; save a new revision before you resubmit.",
        "方案“{id}”的第 {revision} 版被要求修改；请先保存新版本再重新提交。",
    ),
    "review_not_participant": (
        "{user} takes no part in the review of '{id}' and cannot comment on it.",
        "{user} 未参与方案“{id}”的评审，不能评论。",
    ),
    "review_conflict": (
        "{by} got there first: they did '{did}' on '{id}' at {at}. Nothing of yours was applied; "
        "reload to see where it stands.",
        "{by} 已抢先一步：于 {at} 对方案“{id}”执行了“{did_zh}”。您的操作未生效，请刷新查看当前状态。",
    ),
    "review_comment_not_found": (
        "Comment {comment} does not belong to '{id}'.", "评论 {comment} 不属于方案“{id}”。"),
    "review_no_revision": ("'{id}' has no saved revision to review.", "方案“{id}”没有可评审的已保存版本。"),
    "review_score_missing": (
        "Score every criterion of the tier-{tier} rubric; missing: {names}.",
        "请为第 {tier} 级评审表的每一项打分；缺少：{names}。",
    ),
    "review_score_unknown": (
        "'{name}' is not a criterion of the tier-{tier} rubric (criteria: {names}).",
        "“{name}”不是第 {tier} 级评审表中的评分项（评分项：{names}）。",
    ),
    "review_score_range": (
        "The score for '{name}' must be a whole number from 1 to {high}; got '{value}'.",
        "“{name}”的分数必须是 1 到 {high} 的整数；收到“{value}”。",
    ),
    "review_below_pass_mark": (
        "The weighted score {score} is below the tier-{tier} pass mark of {minimum}: request changes instead.",
        "加权得分 {score} 低于第 {tier} 级的通过线 {minimum}：请改为要求修改。",
    ),
    "review_criterion_below": (
        "'{name}' scored {value}, below its minimum of {minimum} at tier {tier}: request changes instead.",
        "“{name}”得分 {value}，低于第 {tier} 级该项最低分 {minimum}：请改为要求修改。",
    ),
    "review_section_unknown": (
        "'{section}' is not a section heading of revision {revision} of '{id}'.",
        "“{section}”不是方案“{id}”第 {revision} 版中的章节标题。",
    ),
    "review_setting_invalid": (
        "Invalid review setting {name}='{value}' (allowed: {allowed}).",
        "评审设置 {name}=“{value}”无效（可选：{allowed}）。",
    ),
    "review_score_format": (
        "'{value}' is not NAME=VALUE (e.g. completeness=4).",
        "“{value}”不是“名称=分数”格式（例如 completeness=4）。",
    ),
    "rubric_invalid": ("The review rubric {path} is not usable: {detail}", "评审表 {path} 不可用：{detail}"),
    # --- retrospectives (workbench.core.retro) ---
    "retro_invalid": ("{count} of the entries need fixing:", "有 {count} 处需要修改："),
    "retro_outcome_invalid": (
        "Choose the outcome: won, lost, no decision or cancelled (got '{value}').",
        "请选择结果：赢单、丢单、未决标或已取消（收到“{value}”）。",
    ),
    "retro_not_sent": (
        "'{id}' is {status}: only a bid that passed review can be won, lost or end without a decision. "
        "If the bid was dropped, record it as cancelled.",
        "方案“{id}”当前为{status_zh}：只有通过评审并已投出的标书才能记为赢单、丢单或未决标。"
        "如果放弃了投标，请记为“已取消”。",
    ),
    "retro_reason_required": (
        "A lost bid needs its primary reason (the first one).",
        "丢单必须填写主要原因（第一项）。",
    ),
    "retro_reason_unknown": (
        "'{value}' is not on the list of reasons ({choices}).",
        "“{value}”不在原因列表中（可选：{choices}）。",
    ),
    "retro_reason_retired": ("The reason '{value}' was retired from the list.", "原因“{value}”已从列表中停用。"),
    "retro_other_text": (
        "Reason 'other' needs a few words saying what it was.",
        "选择“其他”原因时，请简要写明具体原因。",
    ),
    "retro_date_missing": ("Enter the date the customer decided.", "请填写客户做出决定的日期。"),
    "retro_date_future": ("The decision date {value} is in the future.", "决定日期 {value} 晚于今天。"),
    "retro_value_invalid": (
        "'{value}' is not an amount of money: digits with at most two decimals, e.g. 1200000 or 1,200,000.50.",
        "“{value}”不是有效金额：请填写数字，最多两位小数，例如 1200000 或 1,200,000.50。",
    ),
    "retro_satisfaction_range": (
        "Customer satisfaction is a whole number from 1 to 5; got '{value}'.",
        "客户满意度须为 1 到 5 的整数；收到“{value}”。",
    ),
    "retro_competitor_invalid": (
        "A competitor's name has 1 to 120 characters; got '{value}'.",
        "竞争对手名称须为 1 到 120 个字符；收到“{value}”。",
    ),
    "retro_not_allowed": (
        "Only the author of '{id}' ({author}), an administrator or a review lead can record its outcome; "
        "{user} is none of them.",
        "只有方案“{id}”的作者（{author}）、管理员或评审负责人可以记录结果；{user} 不在其中。",
    ),
    "retro_list_not_allowed": (
        "Only an administrator or a review lead can change the list of {list}.",
        "只有管理员或评审负责人可以修改{list_zh}列表。",
    ),
    "retro_reason_code_invalid": (
        "'{value}' is not a usable code: lower-case letters, digits and underscores, at most 40.",
        "“{value}”不是可用的代码：只能使用小写字母、数字和下划线，最多 40 个字符。",
    ),
    "retro_reason_exists": ("The reason '{value}' is already on the list.", "原因“{value}”已在列表中。"),
    "retro_conflict": (
        "The retrospective of '{id}' was changed by {by} at {at} after you opened it. Your entries are kept; "
        "reload to see theirs, then save again.",
        "方案“{id}”的复盘在您打开后已被 {by} 于 {at} 修改。您填写的内容仍保留；请重新加载查看后再保存。",
    ),
    "retro_not_found": ("No outcome has been recorded for '{id}' yet.", "方案“{id}”尚未记录结果。"),
    "report_period_invalid": (
        "The period starts ({start}) after it ends ({end}).",
        "统计期间的开始日期（{start}）晚于结束日期（{end}）。",
    ),
    "demo_history_not_allowed": (
        "Only an administrator can add or remove the demo history.",
        "只有管理员可以添加或删除演示历史数据。",
    ),
    "soffice_missing": (
        "PDF export needs LibreOffice (soffice), which is not installed. The Word document was written.",
        "导出 PDF 需要 LibreOffice（soffice），但未安装。Word 文档已生成。",
    ),
    "pdf_failed": ("LibreOffice could not convert the document: {detail}", "LibreOffice 无法转换该文档：{detail}"),
    "export_failed": ("The document could not be written: {detail}", "无法生成文档：{detail}"),
    "backup_unsupported": (
        "Backups from this database are made with the server's own tools (e.g. pg_dump).",
        "此类数据库请使用服务器自带工具备份（例如 pg_dump）。",
    ),
    "backup_not_a_database": (
        "'{path}' is not a Workbench backup (not an SQLite database with Workbench tables).",
        "“{path}”不是工作台备份（不是包含工作台数据表的 SQLite 数据库）。",
    ),
    "database_newer": (
        "The database was written by a newer Workbench (schema {found}); update the app.",
        "数据库来自更新版本的工作台（结构版本 {found}），请升级应用。",
    ),
    "schema_behind": (
        "The team database is at schema {found}; this Workbench needs {head}. Whoever looks after "
        "the server runs `workbench --database-url URL migrate` once (back the database up first).",
        "团队数据库的结构版本为 {found}，本版工作台需要 {head}。请由服务器管理员执行一次 "
        "`workbench --database-url URL migrate`（之前先备份数据库）。",
    ),
    "database_unreachable": (
        "Cannot open the database: {detail}",
        "无法打开数据库：{detail}",
    ),
    # --- server unreachable (workbench.core.db.engine, workbench.core.safekeeping) ---
    "server_unavailable": (
        "The team server {server} cannot be reached. Your work is kept on this laptop and Workbench "
        "keeps retrying; nothing is lost.",
        "无法连接团队服务器 {server}。您的内容已保存在本机，工作台会自动重试，不会丢失任何内容。",
    ),
    # logins (workbench/core/auth.py)
    "not_signed_in": (
        "Sign in first: this database requires a login (workbench login, or the sign-in window).",
        "请先登录：此数据库需要登录（workbench login，或在登录窗口中登录）。",
    ),
    "login_failed": ("Wrong user name or password.", "用户名或密码错误。"),
    "login_throttled": (
        "Too many failed sign-ins for {name}: try again in {minutes} minutes, or ask an administrator "
        "to reset the password.",
        "{name} 登录失败次数过多：请 {minutes} 分钟后再试，或请管理员重置密码。",
    ),
    "password_too_short": (
        "A password needs at least {minimum} characters.",
        "密码至少需要 {minimum} 个字符。",
    ),
    "password_too_long": ("A password may have at most {maximum} characters.", "密码最多 {maximum} 个字符。"),
    "password_wrong": ("The current password is not right.", "当前密码不正确。"),
    "passwords_differ": ("The two passwords are not the same.", "两次输入的密码不一致。"),
    "bootstrap_admin_only": (
        "The first user of a database must be an administrator.",
        "数据库的第一个用户必须是管理员。",
    ),
    "bootstrap_needs_password": (
        "The first administrator of a team database needs a password (--password).",
        "团队数据库的第一位管理员必须设置密码（--password）。",
    ),
    "password_admin_first": (
        "Set a password of your own first: the first password turns on login on this database, "
        "and you would be locked out without one.",
        "请先为自己设置密码：第一个密码会让此数据库开启登录，否则您将无法登录。",
    ),
    "last_admin": (
        "This is the last active administrator; make someone else an administrator first.",
        "这是最后一位启用的管理员，请先指定另一位管理员。",
    ),
    "user_deactivate_self": ("You cannot deactivate yourself.", "不能停用自己。"),
    "login_required_no_switch": (
        "This database requires a login: sign in as the other user instead of switching profiles.",
        "此数据库需要登录：请以该用户身份登录，而不是切换用户。",
    ),
    "as_refused": (
        "--as is only for a laptop's own database without passwords; this one requires a login "
        "(workbench login NAME).",
        "--as 只能用于未设置密码的本机数据库；此数据库需要登录（workbench login 用户名）。",
    ),
    "password_in_url": (
        "Leave the password out of the database URL: put it in ~/.pgpass or the PGPASSWORD variable.",
        "数据库地址中请不要包含密码：请写入 ~/.pgpass 或 PGPASSWORD 环境变量。",
    ),
    # --- display names (users) ---
    "display_name_control": (
        "A display name cannot contain line breaks, tabs or other control characters.",
        "显示名不能包含换行、制表符或其他控制字符。",
    ),
    "display_name_too_long": (
        "A display name may have at most {maximum} characters (this one has {length}).",
        "显示名最多 {maximum} 个字符（当前 {length} 个）。",
    ),
    "display_name_not_yours": (
        "{user} may change only their own display name; an administrator changes {name}'s.",
        "{user} 只能修改自己的显示名；{name} 的显示名需由管理员修改。",
    ),
    # --- nothing chosen in the person's place (issue 11): a proposal template's inputs
    # (workbench.core.proposals.variables), one line per problem, {field} the input's label in the
    # reader's language; a retrospective's outcome left unset ---
    "input_required": ("{field} is required.", "“{field}”为必填项。"),
    "input_choose": ("Choose {field}: it is required.", "请选择“{field}”（必填）。"),
    "input_number": ("{field}: '{value}' is not a number.", "“{field}”：“{value}”不是有效的数字。"),
    "input_negative": ("{field} cannot be negative ('{value}').", "“{field}”不能为负数（“{value}”）。"),
    "input_date": ("{field}: '{value}' is not a date (YYYY-MM-DD).", "“{field}”：“{value}”不是有效日期（YYYY-MM-DD）。"),
    "input_choice": (
        "{field}: '{value}' is not one of the choices ({choices}).",
        "“{field}”：“{value}”不在可选范围内（{choices}）。",
    ),
    "input_too_long": ("{field} is too long ({value}).", "“{field}”内容过长（{value}）。"),
    "input_list": ("{field} must be a list.", "“{field}”应为列表。"),
    "input_table": ("{field} must be a table (a list of rows).", "“{field}”应为表格（多行）。"),
    "input_unknown": ("{field} is not an input of this template.", "“{field}”不是此模板的输入项。"),
    "retro_outcome_missing": (
        "Choose the outcome: won, lost, no decision or cancelled.",
        "请选择结果：赢单、丢单、未决标或已取消。",
    ),
    # --- restore beside a running app, hostile search text (workbench.core.db.open_lock,
    # workbench.core.db.backup, workbench.core.search.service) ---
    "restore_app_running": (
        "The Workbench app has this database open (process {pids}). Close the Workbench app, then "
        "run restore again. Nothing was changed.",
        "工作台应用正在使用此数据库（进程 {pids}）。请先关闭工作台应用，然后重新运行恢复。数据未作任何更改。",
    ),
    "restore_command_running": (
        "The command 'workbench {command}' is using this database (process {pids}). Wait for it to "
        "finish (or stop it), then run restore again. Nothing was changed.",
        "命令“workbench {command}”正在使用此数据库（进程 {pids}）。请等它结束（或停止它），然后重新运行恢复。"
        "数据未作任何更改。",
    ),
    "restore_program_running": (
        "Another program ({program}, process {pids}) has this database open. Close it, then run "
        "restore again. Nothing was changed.",
        "另一个程序（{program}，进程 {pids}）正在使用此数据库。请先关闭它，然后重新运行恢复。数据未作任何更改。",
    ),
    "restore_unknown_holder": (
        "Another program has this database open ({path}). Close the Workbench app and any other "
        "program using that file, then run restore again. Nothing was changed.",
        "另一个程序正在使用此数据库（{path}）。请关闭工作台应用以及其他使用该文件的程序，然后重新运行恢复。"
        "数据未作任何更改。",
    ),
    "database_restore_running": (
        "The database is being restored from a backup ({path}); try again when the restore has finished.",
        "正在从备份恢复数据库（{path}），请在恢复完成后再试。",
    ),
    "restore_on_server": (
        "Restore replaces a laptop's own database file. A team database on a server is restored with "
        "the server's own tools (e.g. pg_restore), by whoever looks after the server. Nothing was changed.",
        "恢复功能只用于替换本机的数据库文件。服务器上的团队数据库请由服务器管理员使用服务器自带工具"
        "（例如 pg_restore）恢复。数据未作任何更改。",
    ),
    "search_text_undecodable": (
        "The search text contains bytes that are not valid text (check that the terminal uses "
        "UTF-8). Nothing was searched.",
        "搜索内容包含无法识别的字节（请确认终端使用 UTF-8 编码）。未执行搜索。",
    ),
    "search_text_control": (
        "The search text contains a control character ({char}) that cannot be searched for. Remove "
        "it and search again.",
        "搜索内容包含无法搜索的控制字符（{char}）。请删除后重新搜索。",
    ),
    # --- company profile and document export (workbench/core/company.py, core/proposals/office.py) ---
    "company_logo_unreadable": ("The logo {path} cannot be read: {detail}", "无法读取徽标 {path}：{detail}"),
    "company_logo_too_big": (
        "The logo {path} is {size} bytes; a logo may have at most 2 MB.",
        "徽标 {path} 大小为 {size} 字节，徽标最大 2 MB。",
    ),
    "company_logo_not_image": (
        "The logo {path} is not a PNG or JPEG image.",
        "徽标 {path} 不是 PNG 或 JPEG 图片。",
    ),
    "company_field_too_long": (
        "The company's {field} may have at most {maximum} characters.",
        "公司{field_zh}最多 {maximum} 个字符。",
    ),
    # --- imports: whole or refused, batches, re-import conflicts (workbench/core/knowledge/importer.py) ---
    "import_too_many_rows": (
        "The table has {rows:,} rows; one file may hold at most {limit:,}. Nothing was imported: "
        "split it into smaller files and import those.",
        "表格有 {rows:,} 行，单个文件最多 {limit:,} 行。未导入任何内容：请拆分为较小的文件后再导入。",
    ),
    "import_too_many_rows_over": (
        "The table has more than {limit:,} rows, the most one file may hold. Nothing was imported: "
        "split it into smaller files and import those.",
        "表格超过 {limit:,} 行（单个文件的上限）。未导入任何内容：请拆分为较小的文件后再导入。",
    ),
    "import_table_duplicate_row": (
        "Rows {other} and {row} are the same item (id '{id}'): keep one of them.",
        "第 {other} 行和第 {row} 行是同一条目（编号“{id}”），请只保留一行。",
    ),
    "import_conflict": (
        "'{title}' was changed in the app by {by} at {at} and in the file since the last import: "
        "the file's version was not applied (the app's is kept). Edit one to match the other and import again.",
        "“{title}”自上次导入后既在应用中被 {by} 于 {at} 修改，又在文件中被修改：未采用文件中的版本"
        "（保留应用中的内容）。请使两者一致后再导入。",
    ),
    "import_kept_newer": (
        "'{title}': kept your newer edit ({by}, {at}); the file has not changed since it was last imported.",
        "“{title}”：保留了您较新的修改（{by}，{at}）；文件自上次导入后没有变化。",
    ),
    "import_interrupted": (
        "The import stopped part-way. Imported: rows {done}. Not imported: rows {pending}. Run the "
        "same import again to finish it: rows already imported stay as they are.",
        "导入中途停止。已导入：第 {done} 行。未导入：第 {pending} 行。再次运行同一导入即可完成，"
        "已导入的行保持不变。",
    ),
    "import_not_attempted": (
        "Not imported: the import stopped before this file.",
        "未导入：导入在此文件之前已停止。",
    ),
    "server_busy": (
        "The team server is busy with other saves right now; nothing was saved. Try again in a moment.",
        "团队服务器正忙于处理其他保存，本次未保存任何内容。请稍后再试。",
    ),
    # --- driver errors, translated in one place (workbench.core.db.engine.domain_error) ---
    "database_busy": (
        "Another program or window is writing to the database right now; nothing was saved. "
        "Try again in a moment.",
        "另一个程序或窗口正在写入数据库，本次未保存任何内容。请稍后再试。",
    ),
    "disk_full": (
        "The disk holding the database {server} is full; nothing was saved. Free some space and try again.",
        "数据库 {server} 所在的磁盘已满，本次未保存任何内容。请释放空间后再试。",
    ),
    "database_read_only": (
        "The database {server} can only be read (file permissions or a read-only disk); nothing was saved.",
        "数据库 {server} 只能读取（文件权限或只读磁盘），本次未保存任何内容。",
    ),
    # --- the command line (workbench.cli) ---
    "cli_prompt_repeat": ("Repeat: ", "再输入一次："),
    "cli_prompt_new_user_password": ("Password for {name}: ", "新用户的密码："),
    "cli_prompt_reset_password": ("New password for {name}: ", "{name} 的新密码："),
    "cli_prompt_current_password": ("Current password: ", "当前密码："),
    "cli_prompt_new_password": ("New password: ", "新密码："),
    "cli_prompt_user_name": ("User name: ", "用户名："),
    "cli_prompt_password": ("Password: ", "密码："),
    "cli_user_added": ("added {name} ({role})", "已添加 {name}"),
    "cli_password_reset": ("password of {name} reset; their sessions ended", "已重设 {name} 的密码"),
    "cli_password_changed": ("password changed; your other sessions ended", "密码已修改"),
    "cli_user_active": ("active", "已启用"),
    "cli_user_deactivated": ("deactivated", "已停用"),
    "cli_signed_in": ("signed in as {name} on {where}", "已登录：{name}（{where}）"),
    "cli_signed_out": ("signed out", "已退出登录"),
    "cli_local_profile": (" (local profile)", " (本机用户)"),
    "cli_import_counts": (
        "added {added}, updated {updated}, unchanged {unchanged}, kept your newer edit {kept}, "
        "conflicts {conflicts}, rejected {rejected}",
        "新增 {added}，更新 {updated}，未变 {unchanged}，保留应用中的修改 {kept}，冲突 {conflicts}，拒绝 {rejected}",
    ),
    "cli_row": ("row {row}", "第 {row} 行"),
    "cli_exported": ("exported {count} items to {folder}", "已导出 {count} 个条目到 {folder}"),
    "cli_did_you_mean": ("Did you mean: {suggestion}", "您是不是要找：{suggestion}"),
    "cli_searched_instead": ("Showing results for {reading} · Search instead for {typed}: add --as-typed",
                             "以下是 {reading} 的结果 · 仍然搜索 {typed}：加上 --as-typed"),
    "cli_other_readings": ("Other readings: {readings}", "其他读法：{readings}"),
    "cli_matched_some_words": ("Nothing matched every word; these match some:",
                               "没有同时包含所有词的结果，以下结果包含部分词："),
    "cli_found": ("{total} found", "共 {total} 条"),
    "index_build_failed": ("Rebuilding the search index failed ({reason}). The index in use is unchanged; "
                           "try again, and if it fails again, the log says more.",
                           "重建搜索索引失败（{reason}）。正在使用的索引未受影响；请重试，如再次失败，请查看日志。"),
    "cli_found_by_meaning": ("similar in meaning, no words in common", "含义相近，无共同词语"),
    "cli_far_in_meaning": ("shares words, far in meaning: not suggested", "有共同词语，但含义相去较远：不推荐"),
    "cli_foreign_answer_en": ("in English: translate", "英文，需翻译"),
    "cli_foreign_answer_zh": ("in Chinese: translate", "中文，需翻译"),
    "cli_reindexed": ("reindexed {count} items", "已重建索引：{count} 个条目"),
    "cli_empty": ("empty", "空"),
    "cli_schema_current": ("{where}: schema is current ({head})", "{where}: 结构已是最新（{head}）"),
    "cli_migration_needed": ("{where}: {current} -> {head}: migration needed", "{where}: {current} → {head}，需要迁移"),
    "cli_migrated": ("{where}: migrated {current} -> {head}", "{where}: {current} → {head}"),
    "cli_restored": ("restored {file}", "已恢复 {file}"),
    "cli_restored_safety": (" (previous database saved as {safety})", "（原数据库已保存为 {safety}）"),
    "cli_review_overdue": ("OVERDUE", "逾期"),
    "cli_review_escalated": ("escalated", "已升级"),
    "cli_review_claimed_by": ("claimed by {name}", "认领：{name}"),
    "cli_review_waiting": ("{count} waiting", "共 {count} 项"),
    "cli_review_claimant": ("claimed by {name}", "认领人 {name}"),
    "cli_retro_value": ("value", "金额"),
    "cli_retro_reasons": ("reasons", "原因"),
    "cli_retro_competitors": ("competitors", "竞争对手"),
    "cli_retro_satisfaction": ("satisfaction", "客户满意度"),
    "cli_retro_worked": ("worked", "做得好的"),
    "cli_retro_improve": ("improve", "待改进"),
    "cli_retro_lesson": ("lesson", "经验"),
    "cli_retro_due": ("{count} due", "共 {count} 项"),
    "cli_retro_retired": (" (retired)", " (已停用)"),
    "cli_report_none": ("(none)", "（无）"),
    "cli_report_won_decided": ("won/decided", "赢单/决标"),
    "cli_report_win_rate": ("win rate", "赢单率"),
    "cli_report_by_value": ("by value", "金额赢单率"),
    "cli_report_no_decision": ("no decision", "未决标"),
    "cli_report_cancelled": ("cancelled", "取消"),
    "cli_report_stands": ("{stands_on}", "{won}/{decided}"),
    "cli_report_win_total": (
        "stands on {bids} decided bids: won {won} of {decided} ({rate}); value known for {valued} of {decided}",
        "共 {bids} 个已结束投标：赢单 {won}/{decided}（{rate}），金额已知 {valued} 个",
    ),
    "cli_report_primary": ("primary", "主要"),
    "cli_report_secondary": ("secondary", "次要"),
    "cli_report_loss_total": ("stands on {with_reason} of {lost} lost bids (those with a primary reason)",
                              "丢单 {lost} 个，其中 {with_reason} 个填写了主要原因"),
    "cli_report_customer": ("{customer}: won {stands_on}", "{customer}: 赢单 {won}/{decided}"),
    "cli_demo_removed": (
        "removed the demo history: {proposals} proposals, {retrospectives} retrospectives, {lessons} lessons",
        "已删除演示数据：{proposals} 个方案，{retrospectives} 份复盘，{lessons} 条经验",
    ),
    "cli_demo_there": ("the demo history is already there", "演示数据已存在"),
    "cli_demo_added": ("added the demo history: {proposals} proposals", "已添加演示数据：{proposals} 个方案"),
    "cli_company_not_set": ("(not set)", "（未设置）"),
    "cli_company_name": ("Name", "名称"),
    "cli_company_address": ("Address", "地址"),
    "cli_company_logo": ("Logo", "徽标"),
    # --- labels the core hands out (review states and actions, outcomes, report headers, milestones) ---
    "review_state_draft": ("a draft (not in review)", "草稿（未提交评审）"),
    "review_state_tier_1": ("in review at tier 1", "一级评审中"),
    "review_state_tier_2": ("in review at tier 2", "二级评审中"),
    "review_state_tier_3": ("in review at tier 3", "三级评审中"),
    "review_state_changes_requested": ("waiting for changes", "待修改"),
    "review_state_approved": ("approved", "已批准"),
    "review_action_submit": ("submit for review", "提交评审"),
    "review_action_claim": ("claim", "认领"),
    "review_action_release": ("release", "放回队列"),
    "review_action_approve": ("approve", "批准"),
    "review_action_request_changes": ("request changes", "要求修改"),
    "review_action_withdraw": ("withdraw", "撤回"),
    "review_action_reassign": ("reassign", "改派"),
    "review_action_escalate": ("escalate", "升级处理"),
    "review_action_comment": ("comment", "评论"),
    "outcome_won": ("won", "赢单"),
    "outcome_lost": ("lost", "丢单"),
    "outcome_no_decision": ("no decision", "未决标"),
    "outcome_cancelled": ("cancelled", "已取消"),
    "report_header_period": ("Period", "期间"),
    "report_header_industry": ("Industry", "行业"),
    "report_header_competitor": ("Competitor", "竞争对手"),
    "report_header_template": ("Template", "模板"),
    "report_header_author": ("Author", "作者"),
    "report_header_won": ("Won", "赢单"),
    "report_header_lost": ("Lost", "丢单"),
    "report_header_no_decision": ("No decision", "未决标"),
    "report_header_cancelled": ("Cancelled", "已取消"),
    "report_header_win_rate": ("Win rate", "赢单率"),
    "report_header_won_value": ("Value won", "赢单金额"),
    "report_header_lost_value": ("Value lost", "丢单金额"),
    "report_header_value_rate": ("Win rate by value", "金额赢单率"),
    "report_header_valued": ("Bids with a value", "有金额的投标"),
    "report_header_reason": ("Reason", "原因"),
    "report_header_primary": ("Primary", "主要原因"),
    "report_header_secondary": ("Secondary", "次要原因"),
    "report_header_cumulative": ("Cumulative share", "累计占比"),
    "report_header_tier": ("Tier", "级别"),
    "report_header_approved": ("Approved", "通过"),
    "report_header_changes_requested": ("Sent back", "退回修改"),
    "report_header_pass_rate": ("Pass rate", "通过率"),
    "report_header_median_hours": ("Median turnaround (h)", "周转中位数（小时）"),
    "report_header_mean_hours": ("Mean turnaround (h)", "周转平均（小时）"),
    "report_header_id": ("ID", "编号"),
    "report_header_title": ("Title", "标题"),
    "report_header_kind": ("Kind", "类型"),
    "report_header_used_won": ("Used in won bids", "用于赢单"),
    "report_header_used_lost": ("Used in lost bids", "用于丢单"),
    "report_header_owner": ("Owner", "负责人"),
    "report_header_review_by": ("Review by", "复核日期"),
    "report_header_query": ("Search", "搜索词"),
    "report_header_count": ("Times", "次数"),
    "report_header_last": ("Last", "最近"),
    "report_header_engineer": ("Engineer", "工程师"),
    "report_header_written": ("Proposals written", "编写方案数"),
    "report_header_first_try": ("Passed review at first try", "一次通过评审"),
    "report_header_reviewed": ("Reviewed", "已评审"),
    "report_header_first_try_rate": ("First-try pass rate", "一次通过率"),
    "report_header_contributed": ("Knowledge items contributed", "贡献知识条目"),
    "milestone_qa_cutoff": ("Q&A cut-off", "答疑截止"),
    "milestone_review_tier1": ("Tier-1 review due", "初级评审截止"),
    "milestone_review_tier2": ("Tier-2 review due", "中级评审截止"),
    "milestone_review_tier3": ("Tier-3 review due", "高级评审截止"),
    "milestone_submission": ("Internal submission", "内部定稿提交"),
    "milestone_bid_deadline": ("Bid deadline", "投标截止"),
    "retro_due_no_outcome": ("deadline passed {days} days ago, no outcome", "投标截止已过 {days} 天，尚无结果"),
    "retro_due_no_retro": ("{label} {days} days ago, no retrospective yet", "{label}（{days} 天前），尚未复盘"),
    "retro_lesson_source": (
        "From the retrospective of {number} “{title}” ({customer}): {outcome}, decided {decided}.",
        "来自方案 {number}《{title}》（{customer}）的复盘：{outcome}，{decided}。",
    ),
    "retro_lesson_tag": ("retrospective", "复盘"),
    "invalid_transition": ("This cannot be done in the state it is in now.", "当前状态下无法执行此操作。"),
    # proposal templates: files, sandbox limits (workbench/core/proposals/render.py, sandbox.py, catalog.py)
    "template_outside": (
        "The template refers to '{path}', which is outside its folder: a template may only use its own files.",
        "模板引用了其文件夹之外的“{path}”：模板只能使用自己文件夹中的文件。",
    ),
    "template_symlink": (
        "'{path}' is a symbolic link: a template folder may hold only its own files, not links.",
        "“{path}”是符号链接：模板文件夹中只能存放模板自己的文件，不能使用链接。",
    ),
    "template_file_missing": (
        "The template needs '{path}', which is not a file in its folder.",
        "模板需要的“{path}”不是其文件夹中的文件。",
    ),
    "template_file_too_large": (
        "'{path}' is too large for a template file ({size} KB; the limit is {limit} KB).",
        "“{path}”作为模板文件过大（{size} KB，上限 {limit} KB）。",
    ),
    "template_reference_invalid": (
        "'{path}' is not a Word file the export can use ({detail}).",
        "“{path}”不是导出可以使用的 Word 文件（{detail}）。",
    ),
    "template_too_many_files": (
        "The template folder {file} holds more than {limit} files.",
        "模板文件夹 {file} 中的文件超过 {limit} 个。",
    ),
    "template_literal_too_large": (
        "{file}, line {line}: a text of {size} characters is written into the template (the limit is {limit}).",
        "{file} 第 {line} 行：模板中写入了 {size} 个字符的文本（上限 {limit}）。",
    ),
    "template_string_too_large": (
        "{file}, line {line}: the template builds a text longer than {limit} characters and was stopped.",
        "{file} 第 {line} 行：模板生成的文本超过 {limit} 个字符，已停止。",
    ),
    "template_output_too_large": (
        "{file}: the filled-in document is longer than {limit} characters and was stopped.",
        "{file}：填充后的文档超过 {limit} 个字符，已停止。",
    ),
    "template_unknown_names": (
        "{file} uses names it is not given: {names} (a template is given vars, knowledge, totals and proposal).",
        "{file} 使用了未提供的名称：{names}（模板可用的只有 vars、knowledge、totals 和 proposal）。",
    ),
    "template_not_allowed": (
        "{file}, line {line}: not allowed in a template ({detail}).",
        "{file} 第 {line} 行：模板中不允许这样做（{detail}）。",
    ),
    "template_too_deep": (
        "{file}: the template nests or calls itself too deeply.",
        "{file}：模板嵌套或自我调用的层次过深。",
    ),
    "template_timeout": (
        "{file}: the template took longer than {seconds} s and was stopped.",
        "{file}：模板处理超过 {seconds} 秒，已停止。",
    ),
    "template_memory": (
        "{file}: the template needed more than {limit} MB of memory and was stopped.",
        "{file}：模板处理所需内存超过 {limit} MB，已停止。",
    ),
    "template_crashed": (
        "{file}: the process working on the template stopped unexpectedly (it may have needed more than "
        "{limit} MB of memory); the details were written to the log.",
        "{file}：处理模板的进程意外停止（可能所需内存超过 {limit} MB），详细信息已写入日志。",
    ),
    # --- commercial terms of a quote (issue 13, pricing): a proposal's discount and tax rates
    # (workbench.core.proposals.variables / pricing), {field} as for the input_* messages above ---
    "input_percent": (
        "{field} must be a percentage between 0 and 100 ('{value}').",
        "“{field}”应为 0 到 100 之间的百分比（“{value}”）。",
    ),
    "input_too_large": (
        "{field} is more than a quote can hold ({value}).",
        "“{field}”超出报价允许的范围（{value}）。",
    ),
    # --- tender and questionnaire responses (issue 14: workbench.core.tender.service, cli/tender.py) ---
    "tender_not_found": ("Response '{id}' does not exist.", "应答“{id}”不存在。"),
    "tender_row_not_found": ("Response '{id}' has no row {row}.", "应答“{id}”没有第 {row} 行。"),
    "tender_row_conflict": (
        "Row {row} of '{id}' was changed by {by} at {at} after you opened it. Your text is kept; "
        "reload to see their version, then apply your changes again.",
        "“{id}”第 {row} 行在您打开后已被 {by} 于 {at} 修改。您的内容仍保留；请重新加载查看对方版本后再次修改。",
    ),
    "tender_row_forbidden": (
        "{user} may not edit row {row} of '{id}': only its owner ({owner}), an administrator or the "
        "person the row is assigned to may.",
        "{user} 无权修改“{id}”第 {row} 行：只有应答负责人（{owner}）、管理员或该行的承办人可以修改。",
    ),
    "tender_assign_forbidden": (
        "{user} may not assign rows of '{id}': only its owner ({owner}) or an administrator may.",
        "{user} 无权分配“{id}”的条目：只有应答负责人（{owner}）或管理员可以分配。",
    ),
    "tender_attach_forbidden": (
        "{user} may not attach '{id}' to a proposal: only its owner ({owner}) or an administrator may.",
        "{user} 无权将“{id}”关联到方案：只有应答负责人（{owner}）或管理员可以关联。",
    ),
    "tender_text_and_item": (
        "Give either the response text or the item to answer from, not both.",
        "请只提供应答内容或引用的知识条目之一，不能同时提供。",
    ),
    "tender_deviation_invalid": (
        "Unknown deviation '{value}'. Use one of: none, positive, negative.",
        "未知的偏离情况“{value}”，可选：none（无偏离）、positive（正偏离）、negative（负偏离）。",
    ),
    "tender_answer_invalid": (
        "'{value}' is not an answer this question allows ({choices}).",
        "“{value}”不是该问题允许的答案（{choices}）。",
    ),
    "tender_assignee_invalid": (
        "Rows cannot be assigned to '{name}': not an active user who writes proposals.",
        "不能把条目分配给“{name}”：该用户不存在、已停用或无编写方案的权限。",
    ),
    "tender_item_unknown": (
        "'{id}' is neither a knowledge item nor an earlier answer (written T-YYYY-NNN#ROW).",
        "“{id}”既不是知识条目，也不是以往的应答（格式 T-YYYY-NNN#行号）。",
    ),
    "tender_response_too_long": (
        "The {field} is too long: {length} characters, at most {limit}.",
        "内容过长：{length} 个字符，最多 {limit} 个。",
    ),
    "tender_file_too_big": (
        "'{name}' is too big to keep with the response: {size} MB, at most {limit} MB.",
        "“{name}”过大，无法随应答保存：{size} MB，最多 {limit} MB。",
    ),
    "tender_no_requirements": (
        "No requirements or questions were found in '{name}'; nothing was saved.",
        "“{name}”中未找到任何需求条款或问题；未保存任何内容。",
    ),
    "tender_check_blocks": (
        "The compliance check blocks this: ★ rows {rows} are not ready ('workbench tender check {id}' says why).",
        "合规检查未通过：★ 条款第 {rows} 行尚未就绪（“workbench tender check {id}”列出原因）。",
    ),
    "tender_row_unanswered": ("unanswered", "未应答"),
    "tender_row_negative": ("negative deviation (负偏离)", "负偏离"),
    "tender_row_copies_requirement": (
        "the response repeats the requirement instead of stating what is offered",
        "应答照抄招标要求，未写明实际响应内容",
    ),
    "tender_row_no_evidence": ("no evidence (document and page)", "缺少证明材料及页码"),
    "tender_format_invalid": ("Unknown format '{fmt}' (use docx or xlsx).", "未知格式“{fmt}”（可选 docx 或 xlsx）。"),
    "tender_imported": (
        "Imported {id}: {requirements} requirements ({starred} ★, {important} ▲), {scoring} scoring rows, "
        "{questions} questions.",
        "已导入 {id}：{requirements} 条需求（★ {starred} 条，▲ {important} 条），评分项 {scoring} 条，问题 {questions} 个。",
    ),
    "tender_autofilled": (
        "{rows} rows without a response looked at: {suggested} with suggestions, {auto} answered automatically.",
        "已处理 {rows} 个未应答条目：{suggested} 个有推荐答案，{auto} 个已自动应答。",
    ),
    "tender_row_saved": ("Row {row} of {id}: {status}.", "“{id}”第 {row} 行：{status}。"),
    "tender_status_open": ("open", "待应答"),
    "tender_status_answered": ("answered", "已应答"),
    "tender_check_ok": (
        "No ★ row blocks; {warnings} warnings.",
        "没有阻止导出的 ★ 条款；警告 {warnings} 条。",
    ),
    "tender_check_line": ("row {row} {clause} {mark}: {why}", "第 {row} 行 {clause} {mark}：{why}"),
    "tender_check_blocking": ("Blocking:", "阻止导出："),
    "tender_check_warnings": ("Warnings:", "警告："),
    "tender_written": ("Written: {path}", "已写入：{path}"),
    "tender_attached": ("{id} is attached to proposal {proposal}.", "{id} 已关联到方案 {proposal}。"),
    "tender_detached": ("{id} is attached to no proposal.", "{id} 已取消与方案的关联。"),
    "tender_none": ("No responses yet.", "还没有应答。"),
    "tender_source_missing": (
        "The customer's file of '{id}' was not kept; import it again to write the answers into it.",
        "未保存“{id}”的客户原文件；请重新导入后再写回应答。",
    ),
    # --- reading a customer's tender or questionnaire (issue 14, workbench/core/tender/readers) ---
    "tender_unsupported": (
        "'{name}' is not a tender or questionnaire this app can read (.docx, .doc, .wps, .xlsx, .xls, .pdf).",
        "无法读取“{name}”：仅支持 .docx、.doc、.wps、.xlsx、.xls、.pdf 格式的招标文件或问卷。",
    ),
    "tender_encrypted": (
        "'{name}' is protected by a password. Save an unprotected copy and import that.",
        "“{name}”设有密码保护。请另存一份未加密的副本后再导入。",
    ),
    "tender_corrupt": (
        "'{name}' is damaged or is not what its extension says ({detail}).",
        "“{name}”已损坏或与其扩展名不符（{detail}）。",
    ),
    "tender_unsafe": (
        "'{name}' was refused as unsafe: {detail}",
        "“{name}”存在安全风险，已拒绝：{detail}",
    ),
    "tender_too_big": (
        "'{name}' holds more than this app reads from one tender ({what}: more than {limit:,}). "
        "Split it and import the parts.",
        "“{name}”超出单个招标文件的读取上限（{what_zh}超过 {limit:,}）。请拆分后分别导入。",
    ),
    "tender_no_soffice": (
        "Reading a .doc, .wps or .xls file needs LibreOffice, which is not installed. "
        "Save the file as .docx or .xlsx and import that.",
        "读取 .doc、.wps 或 .xls 文件需要 LibreOffice，但本机未安装。请将文件另存为 .docx 或 .xlsx 后再导入。",
    ),
    "tender_convert_failed": (
        "LibreOffice could not convert '{name}' ({detail}). Save it as .docx or .xlsx and import that.",
        "LibreOffice 无法转换“{name}”（{detail}）。请另存为 .docx 或 .xlsx 后再导入。",
    ),
    "tender_pdf_no_text": (
        "'{name}' is a scanned PDF without a text layer; this app does not run OCR. "
        "Ask the customer for the Word file, or import a PDF with text.",
        "“{name}”是没有文字层的扫描版 PDF，本软件不做文字识别（OCR）。请向客户索取 Word 版，或导入带文字的 PDF。",
    ),
    "tender_scanned_pages": (
        "Some pages of the PDF are scanned images without a text layer (no OCR): requirements on them "
        "were not read.",
        "PDF 中部分页面是没有文字层的扫描图像（未做文字识别），这些页面上的要求未被读取。",
    ),
    "tender_nothing_found": (
        "No requirement, scoring row or question was found in the file.",
        "文件中未找到任何要求、评分项或问题。",
    ),
    # --- the answers written back into the customer's own file (issue 14, workbench.core.tender.fill) ---
    "tender_fill_pdf": (
        "'{name}' is a PDF: answers cannot be written into it. Export the response instead "
        "(a 偏离表 as .docx or .xlsx) and attach it to the bid.",
        "“{name}”是 PDF 文件，无法把应答写回其中。请改用导出功能（生成 .docx 或 .xlsx 的偏离表）并附入投标文件。",
    ),
    "tender_fill_unreadable": (
        "'{name}' cannot be opened to write the answers into (damaged, not a .docx/.xlsx, or unsafe).",
        "无法打开“{name}”写入应答（文件已损坏、不是 .docx/.xlsx，或内容不安全）。",
    ),
    "tender_fill_location_missing": (
        "The place of requirement {clause} ({where}) is not in the customer's file: "
        "it is not the file the requirements were read from.",
        "客户文件中找不到条款 {clause} 的位置（{where}）：这不是读取需求时使用的那份文件。",
    ),
    "tender_fill_choice_not_allowed": (
        "'{choice}' is not one of the choices of cell {cell} ({allowed}): pick one of those.",
        "“{choice}”不在单元格 {cell} 的下拉选项（{allowed}）中，请从中选择。",
    ),
    "tender_fill_formula_cell": (
        "Cell {cell} holds a formula; the answer is not written over it. Check the question's location.",
        "单元格 {cell} 含有公式，应答不会覆盖它。请检查该问题的位置。",
    ),
    "tender_fill_table_missing": (
        "The tender's deviation table ({where}) is not in the customer's file: "
        "it is not the file the requirements were read from.",
        "客户文件中找不到招标文件的偏离表（{where}）：这不是读取需求时使用的那份文件。",
    ),
    # --- the match report `workbench proposal new` prints (workbench/cli/proposals.py) ---
    "cli_match_section": (
        "  {section}: {placed} placed, {spares} to swap in (relevance threshold {threshold})",
        "  {section}：放入 {placed} 条，备选 {spares} 条（相关度阈值 {threshold}）",
    ),
    "cli_match_none": (
        "  {section}: no good match (relevance threshold {threshold}); nothing placed: write this section "
        "yourself or add knowledge",
        "  {section}：没有足够相关的知识（相关度阈值 {threshold}），未放入任何内容：请自行撰写本节或补充知识库",
    ),
    "cli_match_left_out": ("    left out: {reasons}", "    未采用：{reasons}"),
    "cli_match_converted": ("    converted into the document's Chinese script (Simplified or Traditional): {count}",
                            "    已转换为文档所用的简体或繁体：{count} 条"),
    "cli_left_out_draft": ("{n} draft", "草稿 {n} 条"),
    "cli_left_out_archived": ("{n} archived", "已归档 {n} 条"),
    "cli_left_out_stale": ("{n} past review date", "已过复核日期 {n} 条"),
    "cli_left_out_language": ("{n} in another language", "语言不符 {n} 条"),
    "cli_left_out_excluded": ("{n} ruled out by the inputs", "与输入不符 {n} 条"),
    "cli_left_out_other_industry": ("{n} of another industry", "其他行业 {n} 条"),
    "cli_left_out_duplicate": ("{n} near-duplicate", "近似重复 {n} 条"),
    "cli_left_out_below_threshold": ("{n} below the relevance threshold", "低于相关度阈值 {n} 条"),
    "tender_rename_forbidden": (
        "{user} may not rename '{id}': only its owner ({owner}) or an administrator may.",
        "{user} 无权重命名“{id}”：只有应答负责人（{owner}）或管理员可以修改。",
    ),
    "tender_renamed": ("{id} is now called '{title}'.", "{id} 已重命名为“{title}”。"),
    "tender_readers_forbidden": (
        "{user} may not change whom '{id}' is written for: only its owner ({owner}) or an administrator may.",
        "{user} 无权修改“{id}”的读者地区：只有应答负责人（{owner}）或管理员可以修改。",
    ),
    "tender_readers_not_traditional": (
        "'{id}' is not a Traditional Chinese tender: its answers are written in its own language, for no "
        "region to choose.",
        "“{id}”不是繁体中文标书：应答按标书本身的语言撰写，无需选择读者地区。",
    ),
    "tender_readers_invalid": (
        "'{readers}' is not a region a tender may be written for; use one of {allowed}, or 'auto' to guess "
        "from the tender again.",
        "“{readers}”不是可选的读者地区，请使用 {allowed} 之一，或用 auto 重新根据标书判断。",
    ),
    "tender_readers_set": ("{id} is now written for {readers}.", "{id} 现面向{readers}撰写。"),
    "tender_readers_guessed": ("{id} is written for {readers}, as its text says.",
                               "{id} 按标书内容判断，面向{readers}撰写。"),
    "tender_readers_rewritten": (
        "Answers taken unchanged from the library, written again for them: {count}.",
        "从知识库原样采用的应答已按新读者重写：{count} 条。",
    ),
    "tender_readers_kept": (
        "Answers not as the library gives them (edited, or from another tender) keep their wording; partly "
        "in another region's character forms, listed by the check: {count}.",
        "与知识库原文不同的应答（修改过或来自其他标书）保留原文；其中部分字形属其他地区写法、已列入检查的：{count} 条。",
    ),
    "readers_zh-TW": ("Taiwan readers", "台湾读者"),
    "readers_zh-HK": ("Hong Kong readers", "香港读者"),
    "readers_zh-Hant": ("Traditional Chinese readers, region not said", "繁体中文读者，未指明地区"),
    "readers_zh-Hans": ("Simplified Chinese readers", "简体中文读者"),
    "readers_en": ("English readers", "英文读者"),
    # --- hostile input (issue 15): passwords, imported files, text with NUL bytes ---
    "password_blank": (
        "A password made only of spaces is not a password: use letters, digits or symbols.",
        "密码不能只由空格组成，请使用字母、数字或符号。",
    ),
    "password_common": (
        "This password is one of the most common ones and is guessed first: choose another "
        "(a short sentence is easy to remember and hard to guess).",
        "该密码属于最常用的密码之一，最先被人猜中，请换一个（一句简短的话既好记又难猜）。",
    ),
    "import_symlink_outside": (
        "'{path}' is a link to '{target}', outside the folder being imported: it was not imported. "
        "Copy the file into the folder if you mean to import it.",
        "“{path}”是指向所导入文件夹之外（“{target}”）的链接，未导入。如确需导入，请将文件复制到该文件夹中。",
    ),
    "import_nul_byte": (
        "The file holds a NUL character (byte 0) at character {position}: it is not plain text. "
        "Save it again as UTF-8 text and import it again.",
        "文件第 {position} 个字符处含有空字符（字节 0），不是纯文本。请另存为 UTF-8 文本后重新导入。",
    ),
    "text_nul_byte": (
        "The {field} holds a NUL character (byte 0), which cannot be saved: remove it (it often comes "
        "with text pasted from another program).",
        "{field}中含有空字符（字节 0），无法保存，请删除它（它常随从其他程序粘贴的文本一起带入）。",
    ),
    "import_too_deep": (
        "The front matter is nested too deeply (more than {limit} levels of lists or mappings): "
        "give each field a single value or a flat list.",
        "前置元数据嵌套过深（列表或映射超过 {limit} 层），请为每个字段填写单个值或简单列表。",
    ),
    "cli_vectors_ready": ("matching by meaning: {encoded} items encoded, {fetched} taken from the team's server, "
                          "{total} ready",
                          "语义匹配：编码 {encoded} 个条目，从团队服务器获取 {fetched} 个，共 {total} 个可用"),
    # --- team roles: the server's own refusals (workbench/core/db/roles.py, migration 0011) ---
    "server_refused": (
        "The team server refused this: {detail}",
        "团队服务器拒绝了此操作：{detail}",
    ),
    "team_role_name": (
        "'{name}' cannot be a database login on a team server: at most {maximum} bytes, not starting "
        "with pg_ or workbench_.",
        "“{name}”不能用作团队服务器的数据库登录名：最多 {maximum} 字节，且不能以 pg_ 或 workbench_ 开头。",
    ),
    "team_role_taken": (
        "'{name}' is already a database login of the server's owner or a superuser; choose another name.",
        "“{name}”已是服务器所有者或超级用户的数据库登录名，请换一个名字。",
    ),
    "team_login_refused": (
        "The team server ({server}) no longer accepts your login: you may have been deactivated, or your "
        "password was changed. Ask your administrator.",
        "团队服务器（{server}）不再接受您的登录：您可能已被停用，或密码已被更改。请联系管理员。",
    ),
    # --- team sign-in (issue 18): passwords are the server's ---
    "team_needs_createrole": (
        "People of a team database are the server's logins: {name}'s database login needs the CREATEROLE "
        "right to add people or set their passwords (README, team set-up).",
        "团队数据库的成员是服务器的登录名：{name} 的数据库登录需要 CREATEROLE 权限才能添加成员或设置密码（见 README 团队设置）。",
    ),
    "team_password_needed": (
        "The team server ({server}) asks for the password of {name}. The app and commands run at a terminal "
        "ask for it; elsewhere (a script) give it in the PGPASSWORD variable or in ~/.pgpass.",
        "团队服务器（{server}）要求 {name} 的密码。应用程序和在终端中运行的命令会提示输入；其他情况（如脚本）"
        "请通过 PGPASSWORD 环境变量或 ~/.pgpass 文件提供。",
    ),
    "team_password_wrong": (
        "The team server ({server}) did not accept the password of {name}. Try again.",
        "团队服务器（{server}）不接受 {name} 的密码，请重试。",
    ),
    "cli_prompt_server_password": ("Password of {name} on {server}: ", "{name} 在 {server} 上的密码："),
    "server_password_not_checked": (
        "The team server signs {name} in without a password (a certificate, Kerberos or a trusted address), "
        "so there is no password here to change. Ask the server's administrator.",
        "团队服务器登录 {name} 时不检查密码（使用证书、Kerberos 或受信任的地址），因此这里没有可修改的密码。"
        "请联系服务器管理员。",
    ),
    "server_password_elsewhere": (
        "The team server checks {name}'s password with another service (such as the company directory, LDAP): "
        "change it there. Nothing was changed here.",
        "团队服务器通过其他服务（如公司目录 LDAP）检查 {name} 的密码，请在那里修改。此处未做任何更改。",
    ),
    # --- `workbench doctor` (workbench/core/doctor.py): each check's name, what it found, the state words ---
    "doctor_state_ok": ("ok", "正常"),
    "doctor_state_problem": ("PROBLEM", "异常"),
    "doctor_state_repaired": ("repaired", "已修复"),
    "doctor_line": ("{name}: {detail}", "{name}：{detail}"),
    "doctor_list_separator": ("; ", "；"),
    "doctor_integrity": ("database integrity", "数据库完整性"),
    "doctor_integrity_ok": ("ok", "完好"),
    "doctor_integrity_result": ("{result}", "SQLite 检查发现问题（{result}）"),
    "doctor_foreign_keys": {"en": "foreign keys", "zh_CN": "外键引用", "zh_TW": "外鍵引用"},
    "doctor_foreign_keys_dangling": ("{count} dangling references", "{count} 处引用指向已不存在的记录"),
    "doctor_database_server": ("database server", "数据库服务器"),
    "doctor_server_version": ("{where}: {version}", "{where}，{version}"),
    "doctor_server_unreachable": ("cannot reach {where}: {reason}", "无法连接 {where}（{reason}）"),
    "doctor_schema_version": ("schema version", "数据库结构版本"),
    "doctor_schema_current": ("{current} (current)", "{current}（最新）"),
    "doctor_schema_empty": (
        "empty database: the app creates schema {head} on first start",
        "空数据库，应用首次启动时将创建结构版本 {head}",
    ),
    "doctor_schema_behind": (
        "database {current}, app {head}: run `workbench migrate`",
        "数据库为 {current}，本应用需要 {head}，请运行 `workbench migrate`",
    ),
    "doctor_item_history": ("item history", "条目历史"),
    "doctor_history_missing": ("{count} items without a version: {items}", "{count} 个条目没有历史版本（{items}）"),
    "doctor_languages": ("detected languages", "语言识别"),
    "doctor_languages_stale": ("{count} items out of date", "{count} 个条目的语言标记已过时"),
    "doctor_index_lag": ("search index lag", "搜索索引同步"),
    "doctor_index_none": (
        "no search index on this computer yet: built on first use",
        "本机尚无搜索索引（首次使用时建立）",
    ),
    "doctor_index_other_database": (
        "the search index was built for another database ({built_for}, this one is {current}): "
        "it is rebuilt on next use, or now with --repair",
        "搜索索引是为另一个数据库建立的（{built_for}，当前数据库为 {current}）。下次使用时自动重建，"
        "也可以现在用 --repair 重建",
    ),
    "doctor_index_log_ends": (
        "the search index applied change {watermark}, but the database's change log ends at {newest} "
        "(restored from a backup?): it is rebuilt on next use, or now with --repair",
        "搜索索引已应用到变更 {watermark}，但数据库的变更日志只到 {newest}（是否从备份恢复过？）。"
        "下次使用时自动重建，也可以现在用 --repair 重建",
    ),
    "doctor_index_log_differs": (
        "the search index applied change {watermark}, but the database's change log holds another change "
        "there (restored from a backup?): it is rebuilt on next use, or now with --repair",
        "搜索索引已应用到变更 {watermark}，但数据库变更日志中该位置是另一项变更（是否从备份恢复过？）。"
        "下次使用时自动重建，也可以现在用 --repair 重建",
    ),
    "doctor_index_current": ("up to date (change {watermark})", "已是最新（变更 {watermark}）"),
    "doctor_index_pending": (
        "{pending} changes not applied yet, the oldest {age} s ago (applied up to change {watermark} of {newest})",
        "{pending} 项变更尚未应用，最早的一项在 {age} 秒前（已应用到变更 {watermark}，最新为 {newest}）",
    ),
    "doctor_templates": ("proposal templates", "方案模板"),
    "doctor_templates_usable": ("{count} usable", "{count} 个可用"),
    "doctor_templates_broken": ("{problems}", "{problems}"),
    "doctor_template_problem": ("{name}: {why}", "{name}：{why}"),
    "doctor_pdf_export": ("PDF export (LibreOffice)", "PDF 导出（LibreOffice）"),
    "doctor_pdf_found": ("{path}", "{path}"),
    "doctor_pdf_missing": ("not installed: Word and Markdown export only", "未安装，只能导出 Word 和 Markdown"),
    "doctor_data_folder": {"en": "data folder writable", "zh_CN": "数据文件夹可写", "zh_TW": "資料目錄可寫入"},
    "doctor_path": ("{path}", "{path}"),
    "doctor_recent_backup": ("recent backup", "近期备份"),
    "doctor_backup_newest": ("newest {when}", "最近一次 {when}"),
    "doctor_backup_none": ("no backup yet", "尚无备份"),
    "doctor_backups": ("backups", "备份"),
    "doctor_backups_server": (
        "made on the database server with its own tools (e.g. pg_dump), not by this app",
        "由数据库服务器用其自带工具（如 pg_dump）备份，不由本应用负责",
    ),
    "tender_row_choice_open": ("answered, but the customer's drop-down (Yes/No/Partial) is still empty",
                               "已应答，但客户的下拉选项（是/否/部分）仍未选择"),
    "tender_row_other_language": ("the answer is in another language than the document: translate it",
                                  "应答的语言与文件不一致：请翻译"),
    "tender_row_region_forms": ("some characters are in another region's forms than the readers': {detail}",
                                "部分字形不是读者地区的写法：{detail}"),
    # near-duplicates (search/related.py): why a pair was reported
    "duplicate_why_words": ("same words", "用词相同"),
    "duplicate_why_meaning": ("similar in meaning", "意思相近"),
    "duplicates_words_only": (
        "Matching by meaning is not ready yet (its vectors are still being built): these pairs repeat "
        "each other's words; paraphrases and translations are not looked for.",
        "按意思匹配尚未就绪（向量仍在生成）：以下各对只是用词重复，未查找改写和翻译。",
    ),
    # --- the company's English name and address, for English documents (core/company.py) ---
    "company_field_name_en": ("English name", "英文名称"),
    "company_field_address_en": ("English address", "英文地址"),
    "cli_company_name_en": ("English name", "英文名称"),
    "cli_company_address_en": ("English address", "英文地址"),
    "cli_company_english_fallback": ("(the name above)", "（同上）"),
    # near-duplicates (search/related.py): a library of many near-copies, the list cut
    "duplicates_cut": (
        "{found} pairs of near-duplicates were found; the closest {shown} are listed (the same words first).",
        "共找到 {found} 对近似重复，仅列出最接近的 {shown} 对（用词相同的在前）。",
    ),
}

# The phrase a "forbidden" message's ``action`` carries (a permission's value) -> the code of its words.
ACTION_CODES: dict[str, str] = {
    "edit knowledge items": "action_edit_knowledge",
    "import knowledge": "action_import_knowledge",
    "manage users": "action_manage_users",
    "archive knowledge items": "action_archive_knowledge",
    "restore backups": "action_restore_backups",
    "write proposals": "action_write_proposals",
    "edit someone else's proposal": "action_edit_others_proposal",
    "change review settings": "action_change_review_settings",
}


@dataclass(frozen=True)
class Term:
    """A message parameter that is itself a catalogue entry (a state, an action, a role): it is
    rendered in the language of the message it fills, so zh_TW (or any later language) gets its
    own words for it too. ``str()`` is the English text."""

    code: str

    def text(self, lang: str = "en") -> str:
        return CATALOGUE.text(self.code, lang)

    def __str__(self) -> str:
        return self.text("en")


def default_language() -> str:
    """The process locale's language for the CLI: 'zh' (Simplified), 'zh_TW' (Traditional: Taiwan,
    Hong Kong, Macau, zh-Hant), else 'en'."""
    for var in ("WORKBENCH_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return _locale_language(value)
    return _locale_language(locale.getlocale()[0] or "")


def _locale_language(value: str) -> str:
    wanted = language(value.split(".", 1)[0])
    return "zh" if wanted == "zh_CN" else wanted


def language(lang: str) -> str:
    """One of ``LANGUAGES`` for a language tag: zh, zh_CN, zh-Hans -> zh_CN; zh_TW, zh_HK,
    zh-Hant -> zh_TW; anything else -> en."""
    tag = lang.replace("-", "_").lower()
    if not tag.startswith("zh"):
        return "en"
    return "zh_TW" if tag[3:] in ("tw", "hk", "mo", "hant") else "zh_CN"


@cache
def _traditional(text: str) -> str:
    import opencc

    return str(opencc.OpenCC("s2twp").convert(text))


class Catalogue:
    """Message templates by code and language, with zh_TW falling back to converted zh_CN."""

    def __init__(self, messages: Mapping[str, tuple[str, str] | Mapping[str, str]]) -> None:
        self.messages = messages

    def template(self, code: str, lang: str) -> str | None:
        entry = self.messages.get(code)
        if entry is None:
            return None
        texts = dict(zip(("en", "zh_CN"), entry, strict=True)) if isinstance(entry, tuple) else dict(entry)
        wanted = language(lang)
        if wanted in texts:
            return texts[wanted]
        if wanted == "zh_TW" and "zh_CN" in texts:
            return _traditional(texts["zh_CN"])
        return texts["en"]

    def text(self, code: str, lang: str = "en", **params: Any) -> str:
        """The message ``code`` in ``lang`` with ``params`` filled in (an unknown code or a
        missing parameter: the code and the parameters, never an exception)."""
        template = self.template(code, lang)
        values: dict[str, Any] = {"code": code, **params}
        for key, value in params.items():
            if isinstance(value, Term):  # the word in this language; older templates name it {key}_zh
                values[key] = values[f"{key}_zh"] = self.text(value.code, lang)
        if language(lang) != "en":
            action = values.get("action")
            if isinstance(action, str) and action in ACTION_CODES:
                values.setdefault("action_zh", self.text(ACTION_CODES[action], lang))
            role = values.get("role")
            if code == "forbidden" and isinstance(role, str) and f"role_{role}" in self.messages:
                values["role"] = self.text(f"role_{role}", lang)
        try:
            return (template or "{code}").format(**values)
        except (KeyError, IndexError):
            return f"{code}: {dict(params)}"


CATALOGUE = Catalogue(MESSAGES)


def pair(code: str) -> tuple[str, str]:
    """(en, zh_CN) of the catalogue's entry ``code``, for tables that hand out both."""
    return CATALOGUE.template(code, "en") or code, CATALOGUE.template(code, "zh_CN") or code


def render(code: str, params: Mapping[str, Any], lang: str = "en") -> str:
    return CATALOGUE.text(code, lang, **params)


def say(code: str, lang: str = "en", **params: Any) -> str:
    """What the core or the command line says: the catalogue's message ``code`` in ``lang``."""
    return CATALOGUE.text(code, lang, **params)


class WorkbenchError(Exception):
    """An error a person can act on. ``code`` is stable; ``message(lang)`` is for people."""

    code = "error"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        if code is not None:
            self.code = code
        self.params = params
        super().__init__(render(self.code, params, "en"))

    def message(self, lang: str = "en") -> str:
        text = render(self.code, self.params, lang)
        details = self.params.get("problems")
        if details:  # one line per problem (e.g. each input of a proposal form)
            text += "".join(f"\n- {p.message(lang)}" for p in details)
        return text


class NotFound(WorkbenchError):
    code = "item_not_found"


class Forbidden(WorkbenchError):
    code = "forbidden"


class InvalidInput(WorkbenchError):
    code = "invalid_input"


class Conflict(WorkbenchError):
    code = "edit_conflict"


class InvalidTransition(WorkbenchError):
    """What was asked does not fit the state the thing is in (a proposal in review is not edited,
    a review step the rules do not allow)."""

    code = "invalid_transition"


class ImportRejected(WorkbenchError):
    code = "import_rejected"


class DatabaseError(WorkbenchError):
    code = "database_unreachable"


class ServerUnavailable(WorkbenchError):
    """The database server cannot be reached (refused, lost, timed out). Nothing of the failed
    operation was committed (see ``Database.write``); the caller may keep the edit and retry."""

    code = "server_unavailable"


class ServerBusy(WorkbenchError):
    """A write waited longer than the team server's write-lock timeout (other writes held it):
    nothing of this write was saved; the person may simply try again."""

    code = "server_busy"


class DatabaseBusy(ServerBusy):
    """SQLite's "database is locked": another writer held the file longer than the busy timeout.
    Nothing of this write was saved; the person may simply try again."""

    code = "database_busy"


class DiskFull(DatabaseError):
    """The disk under the database is full: nothing of this write was saved."""

    code = "disk_full"
