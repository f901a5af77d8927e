<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>%1 proposals · won %2 of %3 decided (%4)</source>
        <translation>%1 个方案 · 已决标 %3 个，赢单 %2 个（%4）</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>awaiting an outcome</source>
        <translation>等待结果</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Add a user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Reviewer tier</source>
        <translation>评审级别</translation>
    </message>
    <message>
        <source>A local profile on this laptop, without a password</source>
        <translation>本机的本地用户档案（无密码）</translation>
    </message>
    <message>
        <source>Switch to it in File ▸ Settings… (Current user). Giving anyone a password makes this laptop ask everyone to sign in.</source>
        <translation>可在“文件 ▸ 设置…”（当前用户）中切换到该档案。一旦给任何人设置密码，本机将要求所有人登录。</translation>
    </message>
    <message>
        <source>Initial password</source>
        <translation>初始密码</translation>
    </message>
</context>
<context>
    <name>AppContext</name>
    <message>
        <source>Something went wrong inside Workbench. Nothing you saved was lost.</source>
        <translation>售前工作台内部出错。您已保存的内容均未丢失。</translation>
    </message>
    <message>
        <source>Details were written to %1.</source>
        <translation>详细信息已写入 %1。</translation>
    </message>
    <message>
        <source>Presales Workbench</source>
        <translation>售前工作台</translation>
    </message>
</context>
<context>
    <name>Card</name>
    <message>
        <source>PNG…</source>
        <translation>PNG…</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>Save this chart as a picture</source>
        <translation>将图表保存为图片</translation>
    </message>
    <message>
        <source>Save the data behind this chart as CSV (opens in Excel)</source>
        <translation>将图表数据保存为 CSV（可用 Excel 打开）</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>PNG pictures (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Save data</source>
        <translation>保存数据</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Nobody on this database has a password yet. Setting yours turns on sign-in for this database: everyone then needs a password, which an administrator gives them in Users.</source>
        <translation>此数据库中还没有人设置密码。设置您的密码后，此数据库将开启登录：每个人都需要密码，由管理员在“用户”中设置。</translation>
    </message>
</context>
<context>
    <name>CheckPanel</name>
    <message>
        <source>%1 blocking problems: export waits until they are fixed</source>
        <translation>%1 个阻断问题：修正后才能导出</translation>
    </message>
    <message>
        <source>Compliance check passed: nothing blocks the export</source>
        <translation>合规检查通过：可以导出</translation>
    </message>
    <message>
        <source>%1 warnings</source>
        <translation>%1 条提示</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>row %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <source>Click to open this row</source>
        <translation>点击打开此条目</translation>
    </message>
</context>
<context>
    <name>CommentEditor</name>
    <message>
        <source>On:</source>
        <translation>针对：</translation>
    </message>
    <message>
        <source>your comment on %1</source>
        <translation>你对 %1 的评论</translation>
    </message>
    <message>
        <source>your rubric scores for %1</source>
        <translation>你为 %1 打的评分</translation>
    </message>
    <message>
        <source>The whole proposal</source>
        <translation>整个方案</translation>
    </message>
    <message>
        <source>%1 (not in revision %2)</source>
        <translation>%1（第 %2 版中已没有）</translation>
    </message>
    <message>
        <source>Reply to #%1</source>
        <translation>回复 #%1</translation>
    </message>
    <message>
        <source>Comment: what is good, what must change</source>
        <translation>评论：哪些好，哪些必须修改</translation>
    </message>
    <message>
        <source>Restored your unsaved comment from %1.</source>
        <translation>已恢复你在 %1 未发表的评论。</translation>
    </message>
    <message>
        <source>“%1” is not a section of revision %2 any more: choose another section before posting.</source>
        <translation>第 %2 版中已没有“%1”这一章节：发表前请另选章节。</translation>
    </message>
    <message>
        <source>You can no longer post this here: copy what you want to keep, then clear it.</source>
        <translation>你已无法在此发表这段内容：请复制要保留的部分，然后清空。</translation>
    </message>
</context>
<context>
    <name>CompanyDialog</name>
    <message>
        <source>Company profile</source>
        <translation>公司信息</translation>
    </message>
    <message>
        <source>e.g. 北辰智联信息技术有限公司</source>
        <translation>例如 北辰智联信息技术有限公司</translation>
    </message>
    <message>
        <source>e.g. 杭州市西湖区文三路 398 号</source>
        <translation>例如 杭州市西湖区文三路 398 号</translation>
    </message>
    <message>
        <source>empty: English documents show the name above</source>
        <translation>留空：英文文档使用上面的名称</translation>
    </message>
    <message>
        <source>empty: English documents show the address above</source>
        <translation>留空：英文文档使用上面的地址</translation>
    </message>
    <message>
        <source>Choose logo…</source>
        <translation>选择徽标…</translation>
    </message>
    <message>
        <source>Remove logo</source>
        <translation>移除徽标</translation>
    </message>
    <message>
        <source>Chinese documents carry the name and address; English documents carry the English name and address where they are set, else the same ones. The logo: a PNG or JPEG of at most 2 MB.</source>
        <translation>中文文档使用名称和地址；英文文档使用已填写的英文名称和英文地址，未填写时使用同一名称和地址。徽标：PNG 或 JPEG，不超过 2 MB。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <source>English address</source>
        <translation>英文地址</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>徽标</translation>
    </message>
    <message>
        <source>Only an administrator can change the company profile.</source>
        <translation>只有管理员可以修改公司信息。</translation>
    </message>
    <message>
        <source>(a logo)</source>
        <translation>（已设徽标）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Choose the company logo</source>
        <translation>选择公司徽标</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>图片 (*.png *.jpg *.jpeg)</translation>
    </message>
</context>
<context>
    <name>ConflictBar</name>
    <message>
        <source>Load their version</source>
        <translation>载入对方版本</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>比较…</translation>
    </message>
    <message>
        <source>Save mine over theirs</source>
        <translation>用我的内容覆盖</translation>
    </message>
    <message>
        <source>Put my text back</source>
        <translation>恢复我的内容</translation>
    </message>
    <message>
        <source>%1 saved this item at %2 after you opened it. Your text is still here: load their version, compare the two, or save yours over theirs.</source>
        <translation>%1 在您打开后于 %2 保存了此条目。您的内容仍在这里：可以载入对方版本、比较两者，或用您的内容覆盖。</translation>
    </message>
    <message>
        <source>Their version is loaded. Your text is kept until you close this editor.</source>
        <translation>已载入对方版本。关闭此编辑器之前，您的内容仍会保留。</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <source>The team server cannot be reached. Your edits are kept on this laptop. Retrying…</source>
        <translation>无法连接团队服务器。您的修改已保存在本机，正在重试…</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>立即重试</translation>
    </message>
</context>
<context>
    <name>ConnectionMonitor</name>
    <message>
        <source>The team server cannot be reached.</source>
        <translation>无法连接团队服务器。</translation>
    </message>
    <message>
        <source>The team server is back.</source>
        <translation>团队服务器已恢复连接。</translation>
    </message>
    <message>
        <source>Saved %1 kept edit(s): %2</source>
        <translation>已保存 %1 项本机暂存的修改：%2</translation>
    </message>
    <message>
        <source>Kept edits not saved</source>
        <translation>暂存的修改未能保存</translation>
    </message>
    <message>
        <source>These edits could not be saved; they stay kept on this laptop. Open each one to see your kept text beside the current version.</source>
        <translation>以下修改未能保存，仍暂存在本机。请逐一打开，对照当前版本查看您暂存的内容。</translation>
    </message>
    <message>
        <source>Discarded %1 kept edit(s).</source>
        <translation>已丢弃 %1 项暂存的修改。</translation>
    </message>
    <message>
        <source>Edits kept on this laptop</source>
        <translation>本机暂存的修改</translation>
    </message>
    <message>
        <source>%1 edit(s) could not reach the server last time and are kept on this laptop:</source>
        <translation>上次有 %1 项修改未能送达服务器，已暂存在本机：</translation>
    </message>
    <message>
        <source>Save now</source>
        <translation>立即保存</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <source>Unsaved drafts from last time will be offered when you open %1.</source>
        <translation>上次未保存的草稿会在您打开 %1 时提供恢复。</translation>
    </message>
    <message>
        <source>Discarded %1 unsaved draft(s).</source>
        <translation>已放弃 %1 份未保存的草稿。</translation>
    </message>
    <message>
        <source>• The draft of %1  (%2)</source>
        <translation>• 方案 %1 的草稿（%2）</translation>
    </message>
    <message>
        <source>• New knowledge item “%1”  (%2)</source>
        <translation>• 新知识条目“%1”（%2）</translation>
    </message>
    <message>
        <source>• Knowledge item “%1”  (%2)</source>
        <translation>• 知识条目“%1”（%2）</translation>
    </message>
    <message>
        <source>clause %1</source>
        <translation>第 %1 条</translation>
    </message>
    <message>
        <source>row %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <source>• The answer to %1 in the response “%2”  (%3)</source>
        <translation>• 应答“%2”中%1的答复（%3）</translation>
    </message>
    <message>
        <source>• A review comment on %1: offered when you open it in Reviews  (%2)</source>
        <translation>• 对 %1 的评审意见：在“评审”中打开该方案时恢复（%2）</translation>
    </message>
    <message>
        <source>• The retrospective of %1: offered when you open it in Retrospectives  (%2)</source>
        <translation>• %1 的复盘：在“复盘”中打开该方案时恢复（%2）</translation>
    </message>
    <message>
        <source>Unsaved drafts</source>
        <translation>未保存的草稿</translation>
    </message>
    <message>
        <source>Workbench closed last time before %1 draft(s) were saved. Open them to save or discard each one?</source>
        <translation>上次 Workbench 关闭时，有 %1 份草稿尚未保存。是否打开它们，逐一保存或放弃？</translation>
    </message>
    <message>
        <source>Open drafts</source>
        <translation>打开草稿</translation>
    </message>
    <message>
        <source>Discard drafts</source>
        <translation>放弃这些草稿</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>最近 12 个月</translation>
    </message>
    <message>
        <source>Last 18 months</source>
        <translation>最近 18 个月</translation>
    </message>
    <message>
        <source>Last 6 months</source>
        <translation>最近 6 个月</translation>
    </message>
    <message>
        <source>Last 3 months</source>
        <translation>最近 3 个月</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>Custom dates</source>
        <translation>自定义日期</translation>
    </message>
    <message>
        <source>All industries</source>
        <translation>全部行业</translation>
    </message>
    <message>
        <source>Remove demo history…</source>
        <translation>删除演示历史…</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Win rate over time</source>
        <translation>赢单率趋势</translation>
    </message>
    <message>
        <source>Win rate by</source>
        <translation>赢单率，按</translation>
    </message>
    <message>
        <source>industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>competitor</source>
        <translation>竞争对手</translation>
    </message>
    <message>
        <source>template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Why bids were lost</source>
        <translation>丢单原因</translation>
    </message>
    <message>
        <source>Review: pass rate and turnaround per tier</source>
        <translation>评审：各级通过率与周转时间</translation>
    </message>
    <message>
        <source>Knowledge used in won and lost bids</source>
        <translation>赢单与丢单中使用的知识</translation>
    </message>
    <message>
        <source>Per engineer</source>
        <translation>按工程师</translation>
    </message>
    <message>
        <source>Stale knowledge</source>
        <translation>过期知识</translation>
    </message>
    <message>
        <source>Content gaps: searches that found nothing</source>
        <translation>内容缺口：无结果的搜索</translation>
    </message>
    <message>
        <source>%1 of the %2 decided bids shown are demo data (numbers starting with DEMO-).</source>
        <translation>所示 %2 个已结束投标中有 %1 个是演示数据（编号以 DEMO- 开头）。</translation>
    </message>
    <message>
        <source>Stands on %1 decided bids: %2 won and %3 lost ones used items from the knowledge base.</source>
        <translation>基于 %1 个已决标投标：其中 %2 个赢单、%3 个丢单使用了知识库条目。</translation>
    </message>
    <message>
        <source>Proposals and knowledge items created in the period; win rate over bids decided in it; first try: approved without being sent back.</source>
        <translation>期间内创建的方案和知识条目；赢单率按期间内决标的投标计算；一次通过：未被退回即获批准。</translation>
    </message>
    <message>
        <source>%1 of %2 live items are past their review date; the longest overdue first.</source>
        <translation>%2 个在用条目中有 %1 个已过复核日期；逾期最久的排在前面。</translation>
    </message>
    <message>
        <source>%1 searches found nothing (all time, most frequent first).</source>
        <translation>共 %1 次搜索无结果（全部时间，按次数排序）。</translation>
    </message>
    <message>
        <source>(none named)</source>
        <translation>（未填写）</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>Stands on %1 won of %2 decided bids (won or lost); %3 without a decision and %4 cancelled are not counted. Value known for %5 of %2.</source>
        <translation>基于 %2 个已决标投标（赢单或丢单）中的 %1 个赢单；未决标 %3 个、已取消 %4 个不计入。%2 个中 %5 个有金额。</translation>
    </message>
    <message>
        <source>by count</source>
        <translation>按数量</translation>
    </message>
    <message>
        <source>by value</source>
        <translation>按金额</translation>
    </message>
    <message>
        <source>No decided bids in this period.</source>
        <translation>此期间没有已决标的投标。</translation>
    </message>
    <message>
        <source>A bid against two competitors counts for both.</source>
        <translation>同时面对两个竞争对手的投标会分别计入两者。</translation>
    </message>
    <message>
        <source>%1 · %2 · by value %3</source>
        <translation>%1 · %2 · 按金额 %3</translation>
    </message>
    <message>
        <source>no bid won or lost</source>
        <translation>无赢单或丢单</translation>
    </message>
    <message>
        <source>Stands on %1 of %2 lost bids (those with a primary reason). Dark: primary reason; light: also named as a secondary reason.</source>
        <translation>基于 %2 个丢单中填写了主要原因的 %1 个。深色：主要原因；浅色：作为次要原因提及。</translation>
    </message>
    <message>
        <source>%1 · %2 cumulative</source>
        <translation>%1 · 累计 %2</translation>
    </message>
    <message>
        <source>No lost bids in this period.</source>
        <translation>此期间没有丢单。</translation>
    </message>
    <message>
        <source>Stands on %1 review decisions taken in the period.</source>
        <translation>基于期间内的 %1 次评审结论。</translation>
    </message>
    <message>
        <source>%1 of %2 passed · median %3 h</source>
        <translation>%2 次中通过 %1 次 · 中位数 %3 小时</translation>
    </message>
    <message>
        <source>no decisions</source>
        <translation>无评审结论</translation>
    </message>
    <message>
        <source>Tier %1</source>
        <translation>第 %1 级</translation>
    </message>
    <message>
        <source>No review decisions in this period.</source>
        <translation>此期间没有评审结论。</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>YYYY-MM-DD (not given)</source>
        <translation>YYYY-MM-DD（未填写）</translation>
    </message>
    <message>
        <source>Pick a date</source>
        <translation>选择日期</translation>
    </message>
</context>
<context>
    <name>DisplayNameDialog</name>
    <message>
        <source>Display name of %1</source>
        <translation>%1 的显示名</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名</translation>
    </message>
    <message>
        <source>Shown on proposal covers and wherever %1 is named. Empty: the user name is shown.</source>
        <translation>用于方案封面以及所有显示 %1 名字的地方。留空则显示用户名。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import knowledge</source>
        <translation>导入知识</translation>
    </message>
    <message>
        <source>Markdown files with front matter, FAQ/objection lists in .csv or .xlsx (up to %1 rows a file), and past proposals or case write-ups in .docx. Each file is imported whole or not at all; items changed in the app since they were last imported are never overwritten.</source>
        <translation>带元数据块的 Markdown 文件、.csv 或 .xlsx 格式的常见问题/异议清单（每个文件最多 %1 行），以及 .docx 格式的历史方案或案例总结。每个文件要么完整导入，要么不导入；自上次导入后在应用中修改过的条目绝不会被覆盖。</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Changed in the app since the last import (the app&apos;s version is kept):</source>
        <translation>自上次导入后在应用中修改过（保留应用中的版本）：</translation>
    </message>
    <message>
        <source>Not imported:</source>
        <translation>未导入：</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Choose files</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>Knowledge files (*.md *.markdown *.csv *.xlsx *.docx)</source>
        <translation>知识文件 (*.md *.markdown *.csv *.xlsx *.docx)</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <source>%1 of %2 files</source>
        <translation>%1 / %2 个文件</translation>
    </message>
    <message>
        <source>%1 of %2 items</source>
        <translation>%1 / %2 个条目</translation>
    </message>
    <message>
        <source>Added %1, updated %2, unchanged %3, kept your newer edits %4, conflicts %5, not imported %6.</source>
        <translation>新增 %1，更新 %2，未变 %3，保留您较新的修改 %4，冲突 %5，未导入 %6。</translation>
    </message>
    <message>
        <source>Cancelled. Files imported before cancelling are kept.</source>
        <translation>已取消。取消前已导入的文件会保留。</translation>
    </message>
    <message>
        <source>%1, row %2</source>
        <translation>%1，第 %2 行</translation>
    </message>
    <message>
        <source>Cancelling after the current file…</source>
        <translation>将在当前文件完成后取消…</translation>
    </message>
</context>
<context>
    <name>IndexKeeper</name>
    <message>
        <source>Preparing search…</source>
        <translation>正在准备搜索…</translation>
    </message>
    <message>
        <source>Search ready: %1 items indexed</source>
        <translation>搜索已就绪：已索引 %1 个条目</translation>
    </message>
    <message>
        <source>Building the search index: %1 of %2</source>
        <translation>正在建立搜索索引：%1 / %2</translation>
    </message>
    <message>
        <source>Search is in step with the database again</source>
        <translation>搜索已重新与数据库同步</translation>
    </message>
    <message>
        <source>Search index rebuilt: %1 items</source>
        <translation>搜索索引已重建：%1 个条目</translation>
    </message>
    <message>
        <source>Preparing matching by meaning: %1 of %2 items</source>
        <translation>正在准备语义匹配：第 %1 项，共 %2 项</translation>
    </message>
    <message>
        <source>Matching by meaning ready</source>
        <translation>语义匹配已就绪</translation>
    </message>
</context>
<context>
    <name>InsightsPanel</name>
    <message>
        <source>Search</source>
        <translation>搜索内容</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Last searched</source>
        <translation>最近搜索</translation>
    </message>
    <message>
        <source>What people searched for and did not find: candidates for new FAQs and cases.</source>
        <translation>大家搜索过却没有找到的内容：适合补充为新的常见问题或案例。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Compares every live item with its closest matches, by their words and by their meaning; takes a few seconds.</source>
        <translation>按用词和意思，将每个在用条目与最接近的条目逐一比较，需要几秒钟。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop looking for near-duplicates</source>
        <translation>停止查找近似重复</translation>
    </message>
    <message>
        <source>%1 pairs of near-duplicates; the closest %2 are listed (the same words first). Double-click an item to open it.</source>
        <translation>共找到 %1 对近似重复，仅列出最接近的 %2 对（用词相同的在前）。双击条目可打开。</translation>
    </message>
    <message>
        <source>Matching by meaning is not ready yet: only items that repeat each other&apos;s words are listed; look again when it is.</source>
        <translation>按意思匹配尚未就绪：只列出用词相互重复的条目，就绪后请再查找一次。</translation>
    </message>
    <message>
        <source>Stopped. The list below is from the search before.</source>
        <translation>已停止。下面的列表来自上一次查找。</translation>
    </message>
    <message>
        <source>Stopped before the list was ready. Find near-duplicates again when you want it.</source>
        <translation>已在列表完成前停止。需要时请再次查找近似重复。</translation>
    </message>
    <message>
        <source>Looking for near-duplicates: comparing meanings, %1…</source>
        <translation>正在查找近似重复：比较意思，%1…</translation>
    </message>
    <message>
        <source>Looking for near-duplicates: comparing words, %1…</source>
        <translation>正在查找近似重复：比较用词，%1…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>条目</translation>
    </message>
    <message>
        <source>Nearly repeats</source>
        <translation>高度重复于</translation>
    </message>
    <message>
        <source>Overlap</source>
        <translation>重合度</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Same words</source>
        <translation>用词相同</translation>
    </message>
    <message>
        <source>Similar in meaning</source>
        <translation>意思相近</translation>
    </message>
    <message>
        <source>Repeats %1 of the other item&apos;s word pairs.</source>
        <translation>重复了另一条目 %1 的词组。</translation>
    </message>
    <message>
        <source>Says the same in other words or in another language (similarity %1).</source>
        <translation>用不同的措辞或另一种语言表达了相同的内容（相似度 %1）。</translation>
    </message>
    <message>
        <source>Find near-duplicates</source>
        <translation>查找近似重复</translation>
    </message>
    <message>
        <source>Looking for near-duplicates…</source>
        <translation>正在查找近似重复…</translation>
    </message>
    <message>
        <source>%1 pairs of near-duplicates. Double-click an item to open it.</source>
        <translation>发现 %1 对近似重复条目。双击条目可打开。</translation>
    </message>
    <message>
        <source>No near-duplicates found.</source>
        <translation>未发现近似重复条目。</translation>
    </message>
</context>
<context>
    <name>ItemEditor</name>
    <message>
        <source>Edit knowledge item</source>
        <translation>编辑知识条目</translation>
    </message>
    <message>
        <source>New knowledge item</source>
        <translation>新建知识条目</translation>
    </message>
    <message>
        <source>For a FAQ the question; for an objection what the customer says</source>
        <translation>常见问题填写问题；异议应对填写客户的原话</translation>
    </message>
    <message>
        <source>derived from the title</source>
        <translation>根据标题生成</translation>
    </message>
    <message>
        <source>comma separated, e.g. 私有化部署, SLA</source>
        <translation>以逗号分隔，例如：私有化部署, SLA</translation>
    </message>
    <message>
        <source>Suggest tags</source>
        <translation>推荐标签</translation>
    </message>
    <message>
        <source>Tags of similar items and known tags found in the text</source>
        <translation>来自相似条目的标签，以及正文中出现的已有标签</translation>
    </message>
    <message>
        <source>Review by</source>
        <translation>复核日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Markdown: ## headings, **bold**, - lists, | tables |</source>
        <translation>Markdown：## 标题、**粗体**、- 列表、| 表格 |</translation>
    </message>
    <message>
        <source>Load my kept text</source>
        <translation>载入我暂存的内容</translation>
    </message>
    <message>
        <source>Your edit of this item from %1 is kept on this laptop and not saved yet. Load it, check it against this version, and save.</source>
        <translation>您在 %1 对此条目的修改暂存在本机，尚未保存。请载入后对照当前版本检查，再保存。</translation>
    </message>
    <message>
        <source>Your unsaved edit from %1 is back in the fields: Workbench closed before it was saved. Save it, or Cancel and discard it.</source>
        <translation>您在 %1 未保存的编辑已恢复到表单中（Workbench 在保存前关闭了）。请保存，或点“取消”后放弃。</translation>
    </message>
    <message>
        <source>the new knowledge item “%1”</source>
        <translation>新知识条目“%1”</translation>
    </message>
    <message>
        <source>the new knowledge item</source>
        <translation>新知识条目</translation>
    </message>
    <message>
        <source>the knowledge item “%1”</source>
        <translation>知识条目“%1”</translation>
    </message>
    <message>
        <source>The team server cannot be reached. Your edit is kept on this laptop and will be saved when the server is back; you can keep working here.</source>
        <translation>无法连接团队服务器。您的修改已暂存在本机，服务器恢复后会自动保存；您可以继续在此编辑。</translation>
    </message>
    <message>
        <source>Your earlier save reached the server; the changes since are not saved yet.</source>
        <translation>您之前的保存已送达服务器；此后的改动尚未保存。</translation>
    </message>
</context>
<context>
    <name>KnowledgeTable</name>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Review by</source>
        <translation>复核日期</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Past its review-by date: check it is still true, then Verify.</source>
        <translation>已过复核日期：请确认内容仍然有效，然后点击“核实”。</translation>
    </message>
</context>
<context>
    <name>KnowledgeView</name>
    <message>
        <source>Filter by title, tag or customer…  (Ctrl+F)</source>
        <translation>按标题、标签或客户筛选…  (Ctrl+F)</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>All industries</source>
        <translation>全部行业</translation>
    </message>
    <message>
        <source>All products</source>
        <translation>全部产品</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>全部标签</translation>
    </message>
    <message>
        <source>Draft and published</source>
        <translation>草稿和已发布</translation>
    </message>
    <message>
        <source>Stale only</source>
        <translation>仅已过期</translation>
    </message>
    <message>
        <source>New item</source>
        <translation>新建条目</translation>
    </message>
    <message>
        <source>Create a knowledge item (Ctrl+N)</source>
        <translation>新建知识条目 (Ctrl+N)</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Edit the selected item (Ctrl+E)</source>
        <translation>编辑所选条目 (Ctrl+E)</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>核实</translation>
    </message>
    <message>
        <source>Confirm the item is still true; its review-by date restarts</source>
        <translation>确认该条目仍然有效；其复核日期将重新计算</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Import Markdown, .csv, .xlsx or .docx (Ctrl+I)</source>
        <translation>导入 Markdown、.csv、.xlsx 或 .docx 文件 (Ctrl+I)</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Similar</source>
        <translation>相似条目</translation>
    </message>
    <message>
        <source>%1 of %2 items</source>
        <translation>%1 / %2 个条目</translation>
    </message>
    <message>
        <source>No item selected</source>
        <translation>未选择条目</translation>
    </message>
    <message>
        <source>Owner: %1</source>
        <translation>负责人：%1</translation>
    </message>
    <message>
        <source>Stale since %1: verify it</source>
        <translation>自 %1 起已过期：请核实</translation>
    </message>
    <message>
        <source>Review by %1</source>
        <translation>复核日期：%1</translation>
    </message>
    <message>
        <source>Customer: %1</source>
        <translation>客户：%1</translation>
    </message>
    <message>
        <source>Possible duplicate: %1 repeats %2% of this item (%3).</source>
        <translation>可能重复：%1 与本条目有 %2% 的内容重合（%3）。</translation>
    </message>
    <message>
        <source>Possible duplicate: %1 says the same as this item in other words or another language (%2).</source>
        <translation>可能重复：%1 与本条目内容相同，只是措辞或语言不同（%2）。</translation>
    </message>
    <message>
        <source>created</source>
        <translation>已创建</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>已编辑</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>已核实</translation>
    </message>
    <message>
        <source>archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <source>set to draft</source>
        <translation>已改为草稿</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Archive item</source>
        <translation>归档条目</translation>
    </message>
    <message>
        <source>Archive “%1”? It leaves the lists and search but keeps its history; you can restore it.</source>
        <translation>要归档“%1”吗？归档后它将不再出现在列表和搜索中，但会保留历史记录，之后可以恢复。</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Case</source>
        <translation>案例</translation>
    </message>
    <message>
        <source>FAQ</source>
        <translation>常见问题</translation>
    </message>
    <message>
        <source>Objection</source>
        <translation>异议</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>经验教训</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>Manufacturing</source>
        <translation>制造</translation>
    </message>
    <message>
        <source>Education</source>
        <translation>教育</translation>
    </message>
    <message>
        <source>Healthcare</source>
        <translation>医疗</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>金融</translation>
    </message>
    <message>
        <source>Retail / FMCG</source>
        <translation>零售/快消</translation>
    </message>
    <message>
        <source>Software / SaaS</source>
        <translation>软件/SaaS</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>能源</translation>
    </message>
    <message>
        <source>Simplified Chinese</source>
        <translation>简体中文</translation>
    </message>
    <message>
        <source>Traditional Chinese</source>
        <translation>繁体中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>Mixed</source>
        <translation>中英混合</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>评审人</translation>
    </message>
    <message>
        <source>Viewer (read-only)</source>
        <translation>只读用户</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Draft (not in review)</source>
        <translation>草稿（未提交评审）</translation>
    </message>
    <message>
        <source>Tier 1 review</source>
        <translation>一级评审</translation>
    </message>
    <message>
        <source>Tier 2 review</source>
        <translation>二级评审</translation>
    </message>
    <message>
        <source>Tier 3 review</source>
        <translation>三级评审</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>提交了评审</translation>
    </message>
    <message>
        <source>claimed</source>
        <translation>认领了</translation>
    </message>
    <message>
        <source>released</source>
        <translation>放回了队列</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>批准了</translation>
    </message>
    <message>
        <source>requested changes</source>
        <translation>要求修改</translation>
    </message>
    <message>
        <source>withdrew</source>
        <translation>撤回了</translation>
    </message>
    <message>
        <source>reassigned</source>
        <translation>改派了</translation>
    </message>
    <message>
        <source>escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <source>commented</source>
        <translation>发表了评论</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>丢单</translation>
    </message>
    <message>
        <source>No decision</source>
        <translation>未决标</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>In review</source>
        <translation>评审中</translation>
    </message>
    <message>
        <source>Changes requested</source>
        <translation>需修改</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交客户</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Create the first administrator</source>
        <translation>创建第一位管理员</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Presales Workbench</source>
        <translation>售前工作台</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>This team database has no users yet. Create its first administrator; they then add everyone else. The demo knowledge base is not loaded into a team database (an administrator can import it: File › Import…).</source>
        <translation>此团队数据库还没有用户。请创建第一位管理员，再由其添加其他人。团队数据库不会自动载入演示知识库（管理员可通过“文件 › 导入…”导入）。</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Create administrator</source>
        <translation>创建管理员</translation>
    </message>
    <message>
        <source>Sign in with your user name and password.</source>
        <translation>请使用您的用户名和密码登录。</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Presales Workbench</source>
        <translation>售前工作台</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Knowledge</source>
        <translation>知识库</translation>
    </message>
    <message>
        <source>Proposals</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Reviews</source>
        <translation>评审</translation>
    </message>
    <message>
        <source>Retrospectives</source>
        <translation>复盘</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <source>Responses</source>
        <translation>应答</translation>
    </message>
    <message>
        <source>Opening the knowledge base…</source>
        <translation>正在打开知识库…</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>%1 knowledge items</source>
        <translation>%1 个知识条目</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export as Markdown…</source>
        <translation>导出为 Markdown(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Rebuild search index</source>
        <translation>重建搜索索引(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Users…</source>
        <translation>用户(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Change password…</source>
        <translation>修改密码(&amp;C)…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>当前用户：%1</translation>
    </message>
    <message>
        <source> · tier %1</source>
        <translation> · 第 %1 级</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Export the knowledge base to</source>
        <translation>将知识库导出到</translation>
    </message>
    <message>
        <source>Exported %1 items to %2</source>
        <translation>已将 %1 个条目导出到 %2</translation>
    </message>
    <message>
        <source>Backup written to %1</source>
        <translation>备份已写入 %1</translation>
    </message>
    <message>
        <source>Remove demo history</source>
        <translation>删除演示历史</translation>
    </message>
    <message>
        <source>Remove the demo proposals (numbers starting with DEMO-), their reviews, retrospectives and lessons? Your own work stays.</source>
        <translation>删除演示方案（编号以 DEMO- 开头）及其评审、复盘和经验？您自己的数据会保留。</translation>
    </message>
    <message>
        <source>Removed the demo history: %1 proposals.</source>
        <translation>已删除演示历史：%1 个方案。</translation>
    </message>
    <message>
        <source>About Presales Workbench</source>
        <translation>关于售前工作台</translation>
    </message>
    <message>
        <source>Presales Workbench %1
Data folder: %2</source>
        <translation>售前工作台 %1
数据文件夹：%2</translation>
    </message>
</context>
<context>
    <name>PasswordPair</name>
    <message>
        <source>at least %1 characters</source>
        <translation>至少 %1 个字符</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>再次输入</translation>
    </message>
    <message>
        <source>A password needs at least %1 characters.</source>
        <translation>密码至少需要 %1 个字符。</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>ProposalTable</name>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Bid deadline</source>
        <translation>投标截止</translation>
    </message>
    <message>
        <source>Next milestone</source>
        <translation>下一里程碑</translation>
    </message>
</context>
<context>
    <name>ProposalWizard</name>
    <message>
        <source>New proposal</source>
        <translation>新建方案</translation>
    </message>
    <message>
        <source>Choose a template</source>
        <translation>选择模板</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>填写信息</translation>
    </message>
    <message>
        <source>Fields marked * are required. The requirements also choose the matched knowledge.</source>
        <translation>带 * 的为必填项。客户需求也用于匹配知识条目。</translation>
    </message>
    <message>
        <source>Matched knowledge</source>
        <translation>匹配的知识</translation>
    </message>
    <message>
        <source>Checked items go into the draft. Uncheck one and check a spare to swap it.</source>
        <translation>勾选的条目将写入草稿。取消勾选一项并勾选备选项即可替换。</translation>
    </message>
    <message>
        <source>Select an item to read it here before you check it.</source>
        <translation>选中一条知识，可在勾选前在此阅读其内容。</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Finish saves the draft as revision 1; edit it afterwards in the editor.</source>
        <translation>点击“完成”将草稿保存为第 1 版，之后可在编辑器中修改。</translation>
    </message>
    <message>
        <source>The cover names you “%1”, your user name: set the name customers should read in File ▸ Settings… (Your display name).</source>
        <translation>封面上写的是您的用户名“%1”：请在“文件 ▸ 设置…”的“显示名”中填写客户应看到的姓名。</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>%1 input(s) need fixing: see the notes beside the fields.</source>
        <translation>有 %1 处输入需要修改：请查看各字段旁的提示。</translation>
    </message>
    <message>
        <source>relevance</source>
        <translation>相关度</translation>
    </message>
    <message>
        <source>Matched words: %1</source>
        <translation>匹配词：%1</translation>
    </message>
    <message>
        <source>%1 draft</source>
        <translation>%1 条草稿</translation>
    </message>
    <message>
        <source>%1 archived</source>
        <translation>%1 条已归档</translation>
    </message>
    <message>
        <source>%1 past review date</source>
        <translation>%1 条已过复核日期</translation>
    </message>
    <message>
        <source>%1 in another language</source>
        <translation>%1 条语言不符</translation>
    </message>
    <message>
        <source>%1 ruled out by the inputs</source>
        <translation>%1 条与输入条件不符</translation>
    </message>
    <message>
        <source>%1 of another industry</source>
        <translation>%1 条属于其他行业</translation>
    </message>
    <message>
        <source>%1 near-duplicate</source>
        <translation>%1 条内容近似重复</translation>
    </message>
    <message>
        <source>%1 below the relevance threshold</source>
        <translation>%1 条低于相关度门槛</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between the reasons an item was left out</comment>
        <translation>，</translation>
    </message>
    <message>
        <source>Left out: %1</source>
        <translation>未采用：%1</translation>
    </message>
    <message>
        <source>No good match for %1 — %2 candidate(s) below the threshold (%3%).</source>
        <translation>“%1”没有足够匹配的知识——%2 条候选低于相关度门槛（%3%）。</translation>
    </message>
    <message>
        <source>Excluded: %1.</source>
        <translation>已排除：%1。</translation>
    </message>
    <message>
        <source>Nothing is placed here: write this section yourself or add knowledge.</source>
        <translation>此处未放入任何内容：请自行撰写本节，或补充知识库条目。</translation>
    </message>
</context>
<context>
    <name>ProposalsView</name>
    <message>
        <source>New proposal…</source>
        <translation>新建方案…</translation>
    </message>
    <message>
        <source>Filter by number, title or customer</source>
        <translation>按编号、标题或客户筛选</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>What changed (optional)</source>
        <translation>修改说明（可选）</translation>
    </message>
    <message>
        <source>Save revision</source>
        <translation>保存新版本</translation>
    </message>
    <message>
        <source>Submit for review</source>
        <translation>提交评审</translation>
    </message>
    <message>
        <source>Word…</source>
        <translation>Word…</translation>
    </message>
    <message>
        <source>PDF…</source>
        <translation>PDF…</translation>
    </message>
    <message>
        <source>Markdown…</source>
        <translation>Markdown…</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>导出：</translation>
    </message>
    <message>
        <source>Find knowledge to insert…</source>
        <translation>查找要插入的知识…</translation>
    </message>
    <message>
        <source>Insert at cursor</source>
        <translation>插入到光标处</translation>
    </message>
    <message>
        <source>Matched knowledge in this draft</source>
        <translation>本草稿中匹配的知识</translation>
    </message>
    <message>
        <source>Select one revision to compare it with the one before, or two to compare them</source>
        <translation>选择一个修订版与上一版比较，或选择两个修订版相互比较</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Revisions</source>
        <translation>版本记录</translation>
    </message>
    <message>
        <source>[Table of contents: filled in on export]</source>
        <translation>[目录：导出时自动生成]</translation>
    </message>
    <message>
        <source>No proposal selected</source>
        <translation>未选择方案</translation>
    </message>
    <message>
        <source>%1 · customer %2 · tier %3 · bid deadline %4 · template %5</source>
        <translation>%1 · 客户 %2 · 等级 %3 · 投标截止 %4 · 模板 %5</translation>
    </message>
    <message>
        <source>relevance %1%</source>
        <translation>相关度 %1%</translation>
    </message>
    <message>
        <source>Matched words: %1</source>
        <translation>匹配词：%1</translation>
    </message>
    <message>
        <source>In review or approved: this revision is read-only</source>
        <translation>评审中或已批准：此版本只读</translation>
    </message>
    <message>
        <source>Only the proposal&apos;s author can insert knowledge, and only while it is not in review or approved.</source>
        <translation>只有方案作者可以插入知识，且仅在方案未处于评审中或已批准时。</translation>
    </message>
    <message>
        <source>the draft of %1</source>
        <translation>方案 %1 的草稿</translation>
    </message>
    <message>
        <source>Your unsaved changes were discarded.</source>
        <translation>未保存的修改已放弃。</translation>
    </message>
    <message>
        <source>The team server cannot be reached. Your draft is kept on this laptop and will be saved when the server is back.</source>
        <translation>无法连接团队服务器。您的草稿已暂存在本机，服务器恢复后会自动保存。</translation>
    </message>
    <message>
        <source>Saved as revision %1</source>
        <translation>已保存为第 %1 版</translation>
    </message>
    <message>
        <source>Your draft kept on this laptop since %1 is in the editor; it is not saved yet.</source>
        <translation>您自 %1 起暂存在本机的草稿已载入编辑器，尚未保存。</translation>
    </message>
    <message>
        <source>Your unsaved draft from %1 is back in the editor: save it as a revision, or discard it by picking another proposal.</source>
        <translation>您在 %1 未保存的草稿已恢复到编辑器中：可将其保存为新修订版，或选择其他方案时放弃它。</translation>
    </message>
    <message>
        <source>Submitted %1 for review: %2</source>
        <translation>已提交 %1 评审：%2</translation>
    </message>
    <message>
        <source>tier %1</source>
        <translation>第 %1 级</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>Showing results for %1</source>
        <translation>以下是 %1 的结果</translation>
    </message>
    <message>
        <source>Inserted “%1”; save a revision to keep it.</source>
        <translation>已插入“%1”；请保存新版本。</translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation>已创建 %1</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Exporting the last saved revision; your unsaved edits are not in it.</source>
        <translation>导出的是最近保存的版本，未保存的修改不包含在内。</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset the password of %1</source>
        <translation>重设 %1 的密码</translation>
    </message>
    <message>
        <source>Their open sessions end; tell them the new password in person.</source>
        <translation>其已登录的会话将全部结束；请当面告知新密码。</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
</context>
<context>
    <name>ResponseLabels</name>
    <message>
        <source>Exceeds</source>
        <translation>正偏离</translation>
    </message>
    <message>
        <source>Complies</source>
        <translation>无偏离</translation>
    </message>
    <message>
        <source>Does not comply</source>
        <translation>负偏离</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待应答</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已应答</translation>
    </message>
    <message>
        <source>Requirement</source>
        <translation>需求条款</translation>
    </message>
    <message>
        <source>Scoring</source>
        <translation>评分项</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>suggest</source>
        <translation>推荐</translation>
    </message>
    <message>
        <source>weak</source>
        <translation>弱</translation>
    </message>
</context>
<context>
    <name>ResponseRows</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Clause</source>
        <translation>条款号</translation>
    </message>
    <message>
        <source>★/▲</source>
        <translation>★/▲</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Requirement</source>
        <translation>需求条款</translation>
    </message>
    <message>
        <source>Deviation</source>
        <translation>偏离情况</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>承办人</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>★ substantive: a negative deviation voids the bid</source>
        <translation>★ 实质性条款：任何负偏离将导致投标无效</translation>
    </message>
    <message>
        <source>▲ important: not meeting it costs points</source>
        <translation>▲ 重要指标：不满足将被扣分</translation>
    </message>
</context>
<context>
    <name>Responses</name>
    <message>
        <source>answered %1/%2</source>
        <translation>已应答 %1/%2</translation>
    </message>
    <message>
        <source>★ open %1</source>
        <translation>★ 待应答 %1</translation>
    </message>
    <message>
        <source>▲ open %1</source>
        <translation>▲ 待应答 %1</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源文件</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
</context>
<context>
    <name>ResponsesView</name>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>A tender or questionnaire: .docx, .xlsx, .pdf, .doc, .wps or .xls</source>
        <translation>招标文件或问卷：.docx、.xlsx、.pdf、.doc、.wps 或 .xls</translation>
    </message>
    <message>
        <source>or drop the customer&apos;s file here</source>
        <translation>或将客户文件拖放到这里</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>The response&apos;s title and customer</source>
        <translation>应答的标题和客户</translation>
    </message>
    <message>
        <source>Attach to proposal…</source>
        <translation>关联到方案…</translation>
    </message>
    <message>
        <source>Put the point-by-point answer into a proposal as a chapter</source>
        <translation>将点对点应答作为一章放入方案</translation>
    </message>
    <message>
        <source>Autofill</source>
        <translation>自动应答</translation>
    </message>
    <message>
        <source>Suggest answers from the library for every row; strong matches to published, current items are accepted</source>
        <translation>为每一行从知识库推荐答案；与已发布且未过期条目高度匹配的将自动采纳</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>The deviation table and the point-by-point answer as Word or Excel</source>
        <translation>以 Word 或 Excel 导出技术偏离表和点对点应答</translation>
    </message>
    <message>
        <source>Fill customer&apos;s file…</source>
        <translation>填写客户原文件…</translation>
    </message>
    <message>
        <source>The customer&apos;s own file with the answers written in</source>
        <translation>在客户自己的文件中填入应答</translation>
    </message>
    <message>
        <source>Filter rows by clause or words</source>
        <translation>按条款号或关键词筛选</translation>
    </message>
    <message>
        <source>Typed last time and not saved: row %1. Open it to save or discard it.</source>
        <translation>上次输入但未保存：第 %1 行。打开该行以保存或放弃。</translation>
    </message>
    <message>
        <source>Typed last time and not saved: rows %1. Open each to save or discard it.</source>
        <translation>上次输入但未保存：第 %1 行。逐行打开以保存或放弃。</translation>
    </message>
    <message>
        <source>No response selected</source>
        <translation>未选择应答</translation>
    </message>
    <message>
        <source>Import a tender or a questionnaire to answer it</source>
        <translation>导入招标文件或问卷开始应答</translation>
    </message>
    <message>
        <source>you may edit the rows assigned to you</source>
        <translation>您可以修改分配给您的条目</translation>
    </message>
    <message>
        <source>read-only for you</source>
        <translation>您只能查看</translation>
    </message>
    <message>
        <source>negative deviation %1</source>
        <translation>负偏离 %1</translation>
    </message>
    <message>
        <source>imported by %1</source>
        <translation>由 %1 导入</translation>
    </message>
    <message>
        <source>★ open</source>
        <translation>★ 待应答</translation>
    </message>
    <message>
        <source>▲ open</source>
        <translation>▲ 待应答</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <source>Unanswered</source>
        <translation>未应答</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>No open rows left here</source>
        <translation>这里已没有待应答的条目</translation>
    </message>
    <message>
        <source>Import a tender or questionnaire</source>
        <translation>导入招标文件或问卷</translation>
    </message>
    <message>
        <source>Customer documents (*.docx *.xlsx *.pdf *.doc *.wps *.xls)</source>
        <translation>客户文件 (*.docx *.xlsx *.pdf *.doc *.wps *.xls)</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Imported %1: %2 rows</source>
        <translation>已导入 %1：%2 条</translation>
    </message>
    <message>
        <source>%1 was not imported: %2</source>
        <translation>%1 未导入：%2</translation>
    </message>
    <message>
        <source>Finding answers in the library…</source>
        <translation>正在从知识库查找答案…</translation>
    </message>
    <message>
        <source>Suggested answers for %1 of %2 rows; %3 accepted automatically</source>
        <translation>已为 %2 条中的 %1 条推荐答案；自动采纳 %3 条</translation>
    </message>
    <message>
        <source>Word (*.docx)</source>
        <translation>Word (*.docx)</translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Export the response</source>
        <translation>导出应答</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <source>-answered</source>
        <translation>-已应答</translation>
    </message>
    <message>
        <source>Fill the customer&apos;s file</source>
        <translation>填写客户原文件</translation>
    </message>
    <message>
        <source>Writing what is saved; the row you are editing is not saved yet.</source>
        <translation>正在写入已保存的内容；您正在编辑的条目尚未保存。</translation>
    </message>
    <message>
        <source>Written to %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>Rename the response</source>
        <translation>重命名应答</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Attach to a proposal</source>
        <translation>关联到方案</translation>
    </message>
    <message>
        <source>The point-by-point answer becomes a chapter of the proposal (a new revision, reviewed with the bid). Attach again after editing rows to refresh it.</source>
        <translation>点对点应答将成为方案中的一章（生成新修订版，随标书一起评审）。修改条目后再次关联即可更新该章。</translation>
    </message>
    <message>
        <source>No proposal</source>
        <translation>不关联方案</translation>
    </message>
    <message>
        <source>In review or approved: it cannot take a new chapter now</source>
        <translation>评审中或已批准：现在不能加入新章节</translation>
    </message>
    <message>
        <source>For %1 (guessed)</source>
        <translation>面向%1（推测）</translation>
    </message>
    <message>
        <source>Answers accepted from the library, exports and the filled-in customer&apos;s file are written for these readers: Taiwan&apos;s words (資料, 軟體), Hong Kong&apos;s character forms (裏, 着) or Traditional characters only. Guessed from what the tender names (新臺幣, 政府採購法; 香港, 港元) until its owner picks them.</source>
        <translation>从知识库采用的应答、导出文件和填写后的客户文件均按这些读者的习惯撰写：台湾用词（資料、軟體）、香港字形（裏、着），或仅用繁体字。在应答负责人选定之前，根据标书提到的内容推测（新臺幣、政府採購法；香港、港元）。</translation>
    </message>
    <message>
        <source>As the tender says: %1</source>
        <translation>按标书内容判断：%1</translation>
    </message>
    <message>
        <source>Written for %1 from now on: answers accepted, exports and the filled-in file.</source>
        <translation>此后采用的应答、导出文件和回填的客户文件均面向%1撰写。</translation>
    </message>
    <message>
        <source>For %1</source>
        <translation>面向%1</translation>
    </message>
    <message>
        <source>change</source>
        <translation>更改</translation>
    </message>
    <message>
        <source>Renamed to %1</source>
        <translation>已重命名为 %1</translation>
    </message>
    <message>
        <source>Attached to %1: the point-by-point chapter is in its latest revision</source>
        <translation>已关联到 %1：点对点应答一章已写入其最新修订版</translation>
    </message>
    <message>
        <source>Attached to no proposal</source>
        <translation>已取消与方案的关联</translation>
    </message>
</context>
<context>
    <name>RetroForm</name>
    <message>
        <source>Choose a bid on the left.</source>
        <translation>请在左侧选择一个投标。</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>赢单</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>丢单</translation>
    </message>
    <message>
        <source>No decision</source>
        <translation>未决标</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>e.g. 1,200,000 (our bid&apos;s value if lost)</source>
        <translation>例如 1,200,000（丢单时填我方报价）</translation>
    </message>
    <message>
        <source>What was it? (needed when a reason is &apos;Other&apos;)</source>
        <translation>具体是什么？（选择“其他”时必填）</translation>
    </message>
    <message>
        <source>Names, separated by commas</source>
        <translation>名称，用逗号分隔</translation>
    </message>
    <message>
        <source>Not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>1 – very unhappy</source>
        <translation>1 – 非常不满意</translation>
    </message>
    <message>
        <source>2</source>
        <translation>2</translation>
    </message>
    <message>
        <source>3 – neutral</source>
        <translation>3 – 一般</translation>
    </message>
    <message>
        <source>4</source>
        <translation>4</translation>
    </message>
    <message>
        <source>5 – very happy</source>
        <translation>5 – 非常满意</translation>
    </message>
    <message>
        <source>One lesson per line. Each becomes a knowledge item of kind &apos;lesson&apos; that search finds; one already written down for another bid gains this bid as a source.</source>
        <translation>每行一条经验。每条都会成为“经验教训”类知识条目，可被搜索到；其他投标已记下的同一条经验，会添上本次投标作为来源。</translation>
    </message>
    <message>
        <source>Primary reason</source>
        <translation>主要原因</translation>
    </message>
    <message>
        <source>Contract &amp;value</source>
        <translation>合同金额(&amp;V)</translation>
    </message>
    <message>
        <source>Secondary reasons</source>
        <translation>次要原因</translation>
    </message>
    <message>
        <source>&apos;Other&apos; means</source>
        <translation>“其他”指</translation>
    </message>
    <message>
        <source>&amp;Competitors</source>
        <translation>竞争对手(&amp;C)</translation>
    </message>
    <message>
        <source>Customer &amp;satisfaction</source>
        <translation>客户满意度(&amp;S)</translation>
    </message>
    <message>
        <source>What &amp;worked</source>
        <translation>做得好的(&amp;W)</translation>
    </message>
    <message>
        <source>What to &amp;improve</source>
        <translation>待改进(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>经验教训(&amp;L)</translation>
    </message>
    <message>
        <source>Save retrospective</source>
        <translation>保存复盘</translation>
    </message>
    <message>
        <source>“%1” is already in the library (learned on one bid so far): saving adds this bid to it, not a new item.</source>
        <translation>“%1”已在知识库中（目前来自 1 次投标的复盘）：保存后会把本次投标加入这条经验，不会另建条目。</translation>
    </message>
    <message>
        <source>“%1” is already in the library (learned on %2 bids so far): saving adds this bid to it, not a new item.</source>
        <translation>“%1”已在知识库中（目前来自 %2 次投标的复盘）：保存后会把本次投标加入这条经验，不会另建条目。</translation>
    </message>
    <message>
        <source>%1 · author %2 · bid deadline %3</source>
        <translation>%1 · 作者 %2 · 投标截止 %3</translation>
    </message>
    <message>
        <source>Lessons kept as knowledge items: %1</source>
        <translation>已保存为知识条目的经验：%1</translation>
    </message>
    <message>
        <source>Restored your unsaved entries from %1 (kept on this computer when the app stopped). Save them, or choose another bid and discard them.</source>
        <translation>已恢复您在 %1 未保存的内容（程序停止时保存在本机）。请保存，或选择其他投标并放弃这些内容。</translation>
    </message>
    <message>
        <source>Only the author, an administrator or a review lead records this bid&apos;s outcome.</source>
        <translation>只有作者、管理员或评审负责人可以记录此投标的结果。</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <source>&amp;Outcome *</source>
        <translation>结果(&amp;O) *</translation>
    </message>
    <message>
        <source>&amp;Decided on *</source>
        <translation>决定日期(&amp;D) *</translation>
    </message>
    <message>
        <source>%1 no longer exists: it was removed meanwhile. Choose a bid on the left.</source>
        <translation>%1 已不存在：刚刚被删除了。请在左侧选择一个投标。</translation>
    </message>
    <message>
        <source>the retrospective of %1</source>
        <translation>%1 的复盘</translation>
    </message>
    <message>
        <source>Primary reason *</source>
        <translation>主要原因 *</translation>
    </message>
    <message>
        <source>Nothing was saved: see the notes beside the fields.</source>
        <translation>未保存：请查看各字段旁的提示。</translation>
    </message>
</context>
<context>
    <name>RetroView</name>
    <message>
        <source>Retrospectives</source>
        <translation>复盘</translation>
    </message>
    <message>
        <source>Due now</source>
        <translation>当前待办</translation>
    </message>
    <message>
        <source>Awaiting an outcome</source>
        <translation>等待结果</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Nothing is due: every decided bid has its retrospective.</source>
        <translation>没有待办：每个已结束的投标都已复盘。</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Record outcomes</source>
        <translation>记录结果</translation>
    </message>
    <message>
        <source>Customer page</source>
        <translation>客户页面</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>deadline passed %1 days ago, no outcome</source>
        <translation>投标截止已过 %1 天，尚无结果</translation>
    </message>
    <message>
        <source>%1 %2 days ago, no retrospective yet</source>
        <translation>%1（%2 天前），尚未复盘</translation>
    </message>
    <message>
        <source>deadline %1</source>
        <translation>截止 %1</translation>
    </message>
    <message>
        <source>%1 shown · %2 due</source>
        <translation>显示 %1 项 · 待办 %2 项</translation>
    </message>
    <message>
        <source>No bids here.</source>
        <translation>这里没有投标。</translation>
    </message>
    <message>
        <source>Saved the retrospective of %1.</source>
        <translation>已保存 %1 的复盘。</translation>
    </message>
</context>
<context>
    <name>ReviewPane</name>
    <message>
        <source>Select a proposal in the queue</source>
        <translation>请在队列中选择方案</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>版本内容</translation>
    </message>
    <message>
        <source>Changes since last review</source>
        <translation>与上次评审的差异</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>评审时间线</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>认领</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>放回队列</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Request changes</source>
        <translation>要求修改</translation>
    </message>
    <message>
        <source>Add comment</source>
        <translation>添加评论</translation>
    </message>
    <message>
        <source>Resubmit for review</source>
        <translation>重新提交评审</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Open in Proposals</source>
        <translation>在方案中打开</translation>
    </message>
    <message>
        <source>Reassign</source>
        <translation>改派</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>升级处理</translation>
    </message>
    <message>
        <source>Lead:</source>
        <translation>负责人：</translation>
    </message>
    <message>
        <source> · claimed by %1</source>
        <translation> · 认领人 %1</translation>
    </message>
    <message>
        <source>%1 · revision %2 · round %3 · due %4 · author %5</source>
        <translation>%1 · 第 %2 版 · 第 %3 轮 · 截止 %4 · 作者 %5</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>Changes since r%1</source>
        <translation>与第 %1 版的差异</translation>
    </message>
    <message>
        <source>First review: there is no earlier reviewed revision.</source>
        <translation>首次评审：没有更早的已评审版本。</translation>
    </message>
    <message>
        <source> · reply to #%1</source>
        <translation> · 回复 #%1</translation>
    </message>
    <message>
        <source> · tier %1</source>
        <translation> · 第 %1 级</translation>
    </message>
</context>
<context>
    <name>ReviewQueue</name>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Waiting since</source>
        <translation>等待自</translation>
    </message>
    <message>
        <source>Claimed by</source>
        <translation>认领人</translation>
    </message>
    <message>
        <source>escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>逾期</translation>
    </message>
</context>
<context>
    <name>ReviewsView</name>
    <message>
        <source>My queue</source>
        <translation>我的待办</translation>
    </message>
    <message>
        <source>My submissions</source>
        <translation>我提交的</translation>
    </message>
    <message>
        <source>Everything at tier %1</source>
        <translation>第 %1 级全部</translation>
    </message>
    <message>
        <source>Overdue and escalated</source>
        <translation>逾期与升级</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Reviews</source>
        <translation>评审</translation>
    </message>
    <message>
        <source>Nothing is waiting for you.</source>
        <translation>暂无待您处理的评审。</translation>
    </message>
    <message>
        <source>%1 shown · %2 waiting for you</source>
        <translation>显示 %1 项 · %2 项待您处理</translation>
    </message>
    <message>
        <source>Done: %1 %2</source>
        <translation>完成：%1 %2</translation>
    </message>
</context>
<context>
    <name>RoleDialog</name>
    <message>
        <source>Role of %1</source>
        <translation>%1 的角色</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Reviewer tier</source>
        <translation>评审级别</translation>
    </message>
</context>
<context>
    <name>RowEditor</name>
    <message>
        <source>Select a row</source>
        <translation>请选择一个条目</translation>
    </message>
    <message>
        <source>The customer&apos;s requirement, verbatim</source>
        <translation>客户的原文要求</translation>
    </message>
    <message>
        <source>Accept suggestion</source>
        <translation>采纳推荐</translation>
    </message>
    <message>
        <source>Alt+1 … Alt+5 accept suggestion 1 to 5</source>
        <translation>Alt+1 … Alt+5 采纳第 1 至 5 条推荐</translation>
    </message>
    <message>
        <source>Suggested answers</source>
        <translation>推荐答案</translation>
    </message>
    <message>
        <source>The response: the actual parameter or capability, not a copy of the requirement</source>
        <translation>应答内容：写明实际参数或能力，不要照抄招标要求</translation>
    </message>
    <message>
        <source>— not set —</source>
        <translation>— 未设置 —</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>Why a deviation, or how it exceeds the requirement</source>
        <translation>偏离原因，或如何优于要求</translation>
    </message>
    <message>
        <source>e.g. product white paper, test report</source>
        <translation>如：产品白皮书、检测报告</translation>
    </message>
    <message>
        <source>page</source>
        <translation>页码</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Ctrl+Enter: save and go to the next open row</source>
        <translation>Ctrl+Enter：保存并转到下一条待应答条目</translation>
    </message>
    <message>
        <source>Readers&apos; forms</source>
        <translation>读者地区字形</translation>
    </message>
    <message>
        <source>Write the response in the character forms of the tender&apos;s readers (Taiwan&apos;s 戶, 裡 or Hong Kong&apos;s 户, 裏), the words as typed; save to keep it</source>
        <translation>按标书读者地区的字形改写应答（台湾的 戶、裡 或香港的 户、裏），用词不变；保存后生效</translation>
    </message>
    <message>
        <source>Deviation</source>
        <translation>偏离情况</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证明材料</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>承办人</translation>
    </message>
    <message>
        <source>You may no longer edit this row. What you typed here on %1 and did not save is kept on this laptop:</source>
        <translation>您已不能再编辑这一行。您于 %1 在此输入但未保存的内容仍保存在本机上：</translation>
    </message>
    <message>
        <source>Put back your unsaved text from %1: save or discard it.</source>
        <translation>已放回您于 %1 未保存的内容：请保存或放弃。</translation>
    </message>
    <message>
        <source>%1 saved this row at %2, after you typed this; theirs is in the table. Your text stays here: the first Save shows the conflict.</source>
        <translation>%1 在您输入这些内容之后于 %2 保存了这一行，其内容见左侧表格。您的内容仍保留在此：第一次保存会提示冲突。</translation>
    </message>
    <message>
        <source>This row was saved after you typed this; the saved response is in the table. Your text stays here: the first Save shows the conflict.</source>
        <translation>您输入这些内容之后，这一行已被保存，已保存的应答见左侧表格。您的内容仍保留在此：第一次保存会提示冲突。</translation>
    </message>
    <message>
        <source>row %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <source>%1 points</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <source>saved by %1 at %2</source>
        <translation>%1 保存于 %2</translation>
    </message>
    <message>
        <source>No suggested answers in the library for this row</source>
        <translation>知识库中没有适合此条目的推荐答案</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>You may read this response, not change it</source>
        <translation>您可以查看此应答，但不能修改</translation>
    </message>
    <message>
        <source>Written in the readers&apos; character forms: save to keep it.</source>
        <translation>已按读者地区字形改写：保存后生效。</translation>
    </message>
    <message>
        <source>the response to row %1</source>
        <translation>第 %1 条的应答</translation>
    </message>
    <message>
        <source>Replace the response you typed with “%1”?</source>
        <translation>用“%1”替换您输入的应答吗？</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>The team server cannot be reached; your response is still here. Save again when it is back.</source>
        <translation>无法连接团队服务器；您的应答仍在这里。服务器恢复后请再次保存。</translation>
    </message>
</context>
<context>
    <name>RubricForm</name>
    <message>
        <source>No rubric: the proposal is not waiting at a tier</source>
        <translation>无评审表：该方案当前不在任何评审级别</translation>
    </message>
    <message>
        <source>, at least %1</source>
        <translation>，至少 %1 分</translation>
    </message>
    <message>
        <source>Pass mark %1; score every criterion to approve.</source>
        <translation>通过线 %1；批准前请为每一项打分。</translation>
    </message>
    <message>
        <source>passes</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>below the pass mark</source>
        <translation>低于通过线</translation>
    </message>
    <message>
        <source>Weighted score %1 of %2 (pass mark %3): %4</source>
        <translation>加权得分 %1 / %2（通过线 %3）：%4</translation>
    </message>
</context>
<context>
    <name>SearchView</name>
    <message>
        <source>Search cases, FAQs, objections and lessons…  (Ctrl+K)</source>
        <translation>搜索案例、常见问题、异议应对和经验教训…  (Ctrl+K)</translation>
    </message>
    <message>
        <source>Best match</source>
        <translation>最相关</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>最新优先</translation>
    </message>
    <message>
        <source>Similar to a requirement…</source>
        <translation>按需求找相似…</translation>
    </message>
    <message>
        <source>Paste a customer&apos;s requirement and find the most similar past items</source>
        <translation>粘贴客户需求，查找最相似的历史条目</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Matched:</source>
        <translation>匹配词：</translation>
    </message>
    <message>
        <source>Similar in meaning</source>
        <translation>语义相近</translation>
    </message>
    <message>
        <source>Open in Knowledge</source>
        <translation>在知识库中打开</translation>
    </message>
    <message>
        <source>Similar items</source>
        <translation>相似条目</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>Content gaps</source>
        <translation>内容缺口</translation>
    </message>
    <message>
        <source>Near-duplicates</source>
        <translation>近似重复</translation>
    </message>
    <message>
        <source>%1 found</source>
        <translation>找到 %1 条</translation>
    </message>
    <message>
        <source>about %1 found</source>
        <translation>约 %1 条</translation>
    </message>
    <message>
        <source>nothing had every word; these match some of them</source>
        <translation>没有同时包含所有词的结果，以下结果包含部分词</translation>
    </message>
    <message>
        <source>Did you mean %1?</source>
        <translation>您是不是要找 %1？</translation>
    </message>
    <message>
        <source>filtered: %1</source>
        <translation>已筛选：%1</translation>
    </message>
    <message>
        <source>Search is getting ready: the search index is being built. Results appear here as soon as it can answer.</source>
        <translation>搜索正在准备：正在建立搜索索引。索引可用后，结果会立即显示在这里。</translation>
    </message>
    <message>
        <source>Building the search index: %1 of %2 items. Results appear here as soon as it can answer.</source>
        <translation>正在建立搜索索引：%1 / %2 条。索引可用后，结果会立即显示在这里。</translation>
    </message>
    <message>
        <source>Showing results for %1</source>
        <translation>以下是 %1 的结果</translation>
    </message>
    <message>
        <source>Search instead for %1</source>
        <translation>仍然搜索 %1</translation>
    </message>
    <message>
        <source>Other readings: %1</source>
        <translation>其他读法：%1</translation>
    </message>
    <message>
        <source>Shared words: %1</source>
        <translation>共同关键词：%1</translation>
    </message>
    <message>
        <source>%1 items have this title (the same lesson from several bids, say); the closest one opens</source>
        <translation>有 %1 个条目同名（例如多次投标总结出的同一条经验）；打开的是最相近的一个</translation>
    </message>
    <message>
        <source>Similar to a requirement</source>
        <translation>按需求找相似</translation>
    </message>
    <message>
        <source>Paste the customer&apos;s requirement or RFP paragraph here</source>
        <translation>在此粘贴客户需求或招标文件段落</translation>
    </message>
    <message>
        <source>%1 items similar to the pasted requirement</source>
        <translation>与所粘贴需求相似的条目：%1 个</translation>
    </message>
</context>
<context>
    <name>ServerSignInDialog</name>
    <message>
        <source>Sign in to the team server</source>
        <translation>登录团队服务器</translation>
    </message>
    <message>
        <source>Presales Workbench</source>
        <translation>售前工作台</translation>
    </message>
    <message>
        <source>Team server: %1</source>
        <translation>团队服务器：%1</translation>
    </message>
    <message>
        <source>The team server asks for your password. It is used for this session only and is not saved on this computer.</source>
        <translation>团队服务器要求输入您的密码。密码只用于本次会话，不会保存在这台电脑上。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>e.g. Zhang Wei 张伟</source>
        <translation>例如：张伟</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <source>empty: the embedded database in the data folder</source>
        <translation>留空：使用数据文件夹中的内置数据库</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>A team&apos;s PostgreSQL server, e.g. postgresql+psycopg://alice@db.example.com:5432/workbench. Leave the password out of the address: PostgreSQL reads it from ~/.pgpass (or the PGPASSWORD variable); Workbench never stores it.</source>
        <translation>团队的 PostgreSQL 服务器，例如 postgresql+psycopg://alice@db.example.com:5432/workbench。地址中请不要包含密码：PostgreSQL 会从 ~/.pgpass（或 PGPASSWORD 环境变量）读取；工作台从不保存密码。</translation>
    </message>
    <message>
        <source>Language, data folder and database take effect when Workbench restarts.</source>
        <translation>语言、数据文件夹和数据库在重新启动工作台后生效。</translation>
    </message>
    <message>
        <source>Your display name</source>
        <translation>显示名</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Current user</source>
        <translation>当前用户</translation>
    </message>
    <message>
        <source>Company profile…</source>
        <translation>公司信息…</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Shown on proposal covers (“Prepared by”) and wherever you are named. You still sign in as %1.</source>
        <translation>用于方案封面（“编制”）以及所有显示您名字的地方。登录用户名仍是 %1。</translation>
    </message>
    <message>
        <source>Not set: proposal covers (“Prepared by”) and every list show your login name “%1”. Type the name customers and colleagues should read.</source>
        <translation>尚未设置：方案封面（“编制”）和各列表显示的是您的登录用户名“%1”。请填写客户和同事应看到的姓名。</translation>
    </message>
    <message>
        <source>The embedded database in the data folder is used.</source>
        <translation>将使用数据文件夹中的内置数据库。</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Connected: %1</source>
        <translation>连接成功：%1</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>连接失败：%1</translation>
    </message>
    <message>
        <source> (tier %1)</source>
        <translation>（第 %1 级）</translation>
    </message>
    <message>
        <source>Choose the data folder</source>
        <translation>选择数据文件夹</translation>
    </message>
    <message>
        <source>Restart Workbench to use the new language, data folder or database.</source>
        <translation>请重新启动工作台以使用新的语言、数据文件夹或数据库。</translation>
    </message>
</context>
<context>
    <name>SuggestionList</name>
    <message>
        <source>Relevance: %1 (sets the band)</source>
        <translation>相关度：%1（决定推荐级别）</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>in English: translate</source>
        <translation>英文，需翻译</translation>
    </message>
    <message>
        <source>in Chinese: translate</source>
        <translation>中文，需翻译</translation>
    </message>
    <message>
        <source>matched: %1</source>
        <translation>匹配：%1</translation>
    </message>
    <message>
        <source>similar in meaning</source>
        <translation>含义相近</translation>
    </message>
    <message>
        <source>far in meaning: not suggested</source>
        <translation>含义相去较远：不推荐</translation>
    </message>
</context>
<context>
    <name>TableEditor</name>
    <message>
        <source>Add row</source>
        <translation>添加行</translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation>删除行</translation>
    </message>
</context>
<context>
    <name>UnsavedWork</name>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>Save your changes to {what}?</source>
        <translation>是否保存对{what}的修改？</translation>
    </message>
    <message>
        <source>If you don&apos;t save, your changes will be lost.</source>
        <translation>如果不保存，您的修改将会丢失。</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重设密码…</translation>
    </message>
    <message>
        <source>Role and tier…</source>
        <translation>角色和级别…</translation>
    </message>
    <message>
        <source>Display name…</source>
        <translation>显示名…</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Deactivated users cannot sign in; their work and history stay. A user without a password cannot sign in to a team database.</source>
        <translation>已停用的用户无法登录，其工作和历史记录保留。没有密码的用户无法登录团队数据库。</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Deactivate %1? They are signed out everywhere and cannot sign in; their work stays.</source>
        <translation>停用 %1？其将在所有电脑上退出登录且无法再登录；其工作保留。</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>none</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>active</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>已停用</translation>
    </message>
</context>
<context>
    <name>VariableForm</name>
    <message>
        <source>one per line</source>
        <translation>每行一项</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <source>— not given —</source>
        <translation>— 不填写 —</translation>
    </message>
    <message>
        <source>(not given)</source>
        <translation>（未填写）</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <source>Their version and yours</source>
        <translation>对方版本与您的版本</translation>
    </message>
    <message>
        <source>theirs (version %1, %2)</source>
        <translation>对方（版本 %1，%2）</translation>
    </message>
    <message>
        <source>yours</source>
        <translation>您的</translation>
    </message>
</context>
</TS>
