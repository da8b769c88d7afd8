"""Every sentence the bot says, in Chinese and English; `say(lang, key, **values)`."""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "refuse": "您好，您还不是本团队的注册用户，暂时无法为您服务。请联系管理员开通。",
        "error": "出了点问题，已记录，请稍后再试。",
        "voice_busy": "语音排队中，请稍后再试。",
        "transcribing": "🎙 收到语音，正在转写…",
        "voice_unreadable": "语音无法识别，请重新录一条或直接发文字。",
        "voice_not_heard": "没听清，请再说一遍",
        "voice_unavailable": "语音识别暂不可用，请直接发文字。",
        "voice_empty": "语音文件是空的，请重新录一条。",
        "voice_too_large": "语音文件太大（超过20MB），请分段发送。",
        "voice_too_long": "语音太长（超过5分钟），请分段发送。",
        "voice_unsupported": "不支持这种音频格式，请发语音消息或文字。",
        "voice_corrupt": "语音文件已损坏或不完整，请重新发送。",
        "nothing": "没有识别到客户信息。直接发客户笔记、转发客户消息或语音即可；输入“帮助”查看命令。",
        "card_title": "新线索，请确认",
        "card_title_update": "更新{company}的商机？",
        "card_low": "❓ 以下信息不确定，请核对：{fields}",
        "card_hint": "回复“预算改成350万”“公司是华东医疗”即可修改。",
        "card_hint_merge": "回复“新客户”则不合并，另建客户。",
        "transcript": "🎙 {text}",
        "transcript_unsure": "[ ] 里是没听清的词，请核对",
        "confirm": "确认",
        "edit": "修改",
        "cancel": "取消",
        "edit_help": "请直接回复要改的内容，例如“预算改成350万”“电话 13900001111”“时间改成明天下午三点”。",
        "edited": "已修改{field}：{value}",
        "edit_failed": "没看懂{field}的新值“{value}”，请换个说法。",
        "no_draft": "没有待确认的线索。",
        "cancelled": "已取消，这条线索没有保存。",
        "saved": "✅ 已保存：{summary}",
        "saved_merged": "✅ 已更新：{summary}",
        "task_line": "📌 任务：{title}，{due}",
        "already": "这条线索已经处理过了。",
        "new_customer": "好的，确认时将作为新客户保存。",
        "help": (
            "发客户笔记、转发客户消息（转商机）或语音，我会整理成线索卡片。\n"
            "命令：今天（我的任务）｜完成 N｜改期 N 明天下午三点｜查 客户名｜撤销（撤销上一次确认）｜帮助"
        ),
        "today_none": "今天没有待办任务 🎉",
        "tomorrow_none": "明天没有待办任务。",
        "week_none": "这周没有待办任务。",
        "overdue_none": "没有逾期的任务 👍",
        "today_head": "今天的任务：",
        "tomorrow_head": "明天的任务：",
        "week_head": "本周稍后：",
        "overdue_head": "已逾期：",
        "customers_none": "还没有客户。发一条客户笔记就会建立。",
        "customers_head": "你的客户（最近 {n} 个）：",
        "smalltalk": "😊 有客户动态随时发给我；输入“帮助”看我能做什么。",
        "task_item": "{n}. {title}（{due}）",
        "done": "👍 已完成：{title}",
        "rescheduled": "🕒 已改期：{title} → {due}",
        "task_missing": "找不到任务 {n}，先发“今天”看看编号。",
        "task_error": "无法处理任务 {n}：{reason}",
        "when_missing": "请说明新的时间，例如“改期 2 明天下午三点”。",
        "find_none": "没有找到“{query}”相关的客户。",
        "find_head": "找到的客户：",
        "find_item": "{company}｜{contacts}｜{lead}",
        "undo_none": "没有可以撤销的确认。",
        "undone": "↩️ 已撤销上一次确认（{summary}）。",
        "playbook": "💡 {title}\n{talk}\n成功案例：\n{cases}",
        "useful": "有用",
        "useless": "没用",
        "useful_for": "👍 {title}",
        "useless_for": "👎 {title}",
        "feedback": "谢谢反馈！",
        "ping_complaint": "⚠️ {rep} 的客户 {customer} 有投诉：{snippet}",
        "ping_lost": "⚠️ {rep} 的商机 {customer} 可能输给了竞品{competitor}：{snippet}",
        "ping_lost_plain": "⚠️ {rep} 的商机 {customer} 丢单：{snippet}",
        "ping_won": "🎉 {rep} 赢下了 {customer}：{snippet}",
        "choose": "这条笔记说的是哪位客户？请回复序号：",
        "group_ack": "收到，详情已私信你。",
        "choose_first": "请先回复序号，选这条笔记说的是哪位客户。",
        "earlier_open": "⏳ 上一张卡片还没确认：{summary}（按“保存上一条”一并保存，不会丢）",
        "save_earlier": "保存上一条",
        "allowed": "可选：{values}",
        "ping_retracted": "↩️ 更正：{rep} 撤销了刚才的记录（{summary}），之前的提醒作废。",
        "choice": "{n}. {company}（{contacts}）",
        "choice_new": "都不是，作为新客户",
        "picked": "好的，是{company}。",
        "taken": "“{name}”已有同事{owner}在跟进，没有重复建客户。请联系{owner}{manager}确认。",
        "taken_manager": "或{manager}",
        "ping_taken": "⚠️ 撞单提醒：{rep} 也在联系 {owner} 跟进的客户 {customer}，请协调。",
        "change": "{field}：{old} → {new}",
        "stages": "新线索|已联系|已报价|谈判中|赢单|丢单",
        "stage_word": "阶段",
        "fields": "联系人|公司|电话|邮箱|预算|关键日期|下一步|需求|行业|标记|竞品",
    },
    "en": {
        "refuse": "Hello, you are not a registered member of this team yet. Please ask your admin to add you.",
        "error": "Something went wrong; it has been logged. Please try again later.",
        "voice_busy": "Voice notes are queued; please try again in a moment.",
        "transcribing": "🎙 Got your voice note, transcribing…",
        "voice_unreadable": "I could not read that voice note; please record it again or type it.",
        "voice_not_heard": "I did not catch that; please say it again.",
        "voice_unavailable": "Voice notes are not available right now; please type your note.",
        "voice_empty": "That voice note is empty; please record it again.",
        "voice_too_large": "That voice note is too large (over 20 MB); please send it in parts.",
        "voice_too_long": "That voice note is too long (over 5 minutes); please send it in parts.",
        "voice_unsupported": "That audio format is not supported; please send a voice message or text.",
        "voice_corrupt": "That voice note is damaged or incomplete; please send it again.",
        "nothing": "I found no customer details. Send a note, forward a customer's message or a voice note; "
        "type 'help' for commands.",
        "card_title": "New lead, please confirm",
        "card_title_update": "Update the deal with {company}?",
        "card_low": "❓ Not sure about: {fields}. Please check.",
        "card_hint": "Reply with a fix such as 'budget $350k' or 'company is Golden State Realty'.",
        "card_hint_merge": "Reply 'new customer' to keep it apart from this customer.",
        "transcript": "🎙 {text}",
        "transcript_unsure": "Words in [ ] were hard to hear: please check them",
        "confirm": "Confirm",
        "edit": "Edit",
        "cancel": "Cancel",
        "edit_help": "Reply with the change, e.g. '预算改成350万', '电话 13900001111', '时间改成明天下午三点'.",
        "edited": "Changed {field}: {value}",
        "edit_failed": "I could not read the new {field} '{value}'; please rephrase.",
        "no_draft": "There is no lead waiting for confirmation.",
        "cancelled": "Cancelled; the lead was not saved.",
        "saved": "✅ Saved: {summary}",
        "saved_merged": "✅ Updated: {summary}",
        "task_line": "📌 Task: {title}, {due}",
        "already": "This lead was handled already.",
        "new_customer": "OK, it will be saved as a new customer.",
        "help": (
            "Send a note, forward a customer's message or a voice note and I turn it into a lead card.\n"
            "Commands: today | done N | reschedule N <time> | find <customer> | undo | help"
        ),
        "today_none": "Nothing due today 🎉",
        "tomorrow_none": "Nothing due tomorrow.",
        "week_none": "Nothing due this week.",
        "overdue_none": "Nothing overdue 👍",
        "today_head": "Today:",
        "tomorrow_head": "Tomorrow:",
        "week_head": "Later this week:",
        "overdue_head": "Overdue:",
        "customers_none": "No customers yet. Send a note about one and it is created.",
        "customers_head": "Your customers (latest {n}):",
        "smalltalk": "😊 Send me customer news any time; type 'help' to see what I can do.",
        "task_item": "{n}. {title} ({due})",
        "done": "👍 Done: {title}",
        "rescheduled": "🕒 Rescheduled: {title} → {due}",
        "task_missing": "No task {n}; send 'today' to see the numbers.",
        "task_error": "Cannot change task {n}: {reason}",
        "when_missing": "Say the new time, e.g. 'reschedule 2 明天下午三点'.",
        "find_none": "No customer matches '{query}'.",
        "find_head": "Customers found:",
        "find_item": "{company} | {contacts} | {lead}",
        "undo_none": "Nothing to undo.",
        "undone": "↩️ Undid the last confirmation ({summary}).",
        "playbook": "💡 {title}\n{talk}\nSuccess stories:\n{cases}",
        "useful": "Useful",
        "useful_for": "👍 {title}",
        "useless_for": "👎 {title}",
        "useless": "Not useful",
        "feedback": "Thanks for the feedback!",
        "ping_complaint": "⚠️ A customer of {rep}, {customer}, complained: {snippet}",
        "ping_lost": "⚠️ {rep}'s deal with {customer} may be lost to {competitor}: {snippet}",
        "ping_lost_plain": "⚠️ {rep}'s deal with {customer} was lost: {snippet}",
        "ping_won": "🎉 {rep} won {customer}: {snippet}",
        "choose": "Which customer is this note about? Reply with the number:",
        "group_ack": "Got it; I've replied to you privately.",
        "choose_first": "Please reply with the number of the customer this note is about first.",
        "earlier_open": "⏳ The previous card is still open: {summary} (press 'Save previous' to keep it too)",
        "save_earlier": "Save previous",
        "allowed": "One of: {values}",
        "ping_retracted": "↩️ Correction: {rep} took back the last note ({summary}); ignore the alert about it.",
        "choice": "{n}. {company} ({contacts})",
        "choice_new": "None of these: a new customer",
        "picked": "OK, {company}.",
        "taken": '"{name}" is already followed by your colleague {owner}; no duplicate was created. '
        "Please check with {owner}{manager}.",
        "taken_manager": " or {manager}",
        "ping_taken": "⚠️ Overlap: {rep} is also in touch with {customer}, followed by {owner}. Please coordinate.",
        "change": "{field}: {old} → {new}",
        "stages": "new|contacted|proposal|negotiation|won|lost",
        "stage_word": "Stage",
        "fields": "Contact|Company|Phone|Email|Budget|Key date|Next step|Need|Industry|Flags|Competitors",
    },
}

FIELD_ORDER = (
    "contact_name",
    "company",
    "phone",
    "email",
    "budget",
    "key_date",
    "follow_up",
    "need",
    "industry",
    "flags",
    "competitors",
)
FLAG_NAMES = {
    "zh": {"competitor": "竞品", "price_objection": "价格异议", "delay": "推迟", "complaint": "投诉"},
    "en": {
        "competitor": "competitor",
        "price_objection": "price objection",
        "delay": "delay",
        "complaint": "complaint",
    },
}


# the industries of docs/SCHEMA.md as an English-speaking rep reads them
INDUSTRY_EN = {
    "医疗健康": "healthcare",
    "教育": "education",
    "制造": "manufacturing",
    "零售": "retail",
    "金融": "finance",
    "互联网": "internet",
    "房地产": "real estate",
    "物流": "logistics",
    "能源": "energy",
    "政务": "government",
    "餐饮": "hospitality",
    "汽车": "automotive",
}


def lang_of(language: str | None) -> str:
    return "en" if (language or "").lower().startswith("en") else "zh"


def say(lang: str, key: str, **values: Any) -> str:
    table = TEXTS[lang_of(lang)]
    return table.get(key, TEXTS["zh"][key]).format(**values)


def field_label(lang: str, name: str) -> str:
    labels = say(lang, "fields").split("|")
    return labels[FIELD_ORDER.index(name)]


def stage_label(lang: str, stage: str) -> str:
    from ..crm.models import STAGES

    return say(lang, "stages").split("|")[STAGES.index(stage)] if stage in STAGES else stage
