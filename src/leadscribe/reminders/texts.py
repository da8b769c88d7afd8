"""Message wording for reminders and briefings, in Chinese (default) and English."""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "upcoming": "⏰ {minutes} 分钟后到期：{title}（{time}）",
        "overdue": "⚠️ 任务已逾期：{title}（原定 {time}）",
        "overdue_sms": "【leadscribe】任务已逾期：{title}，原定 {time}",
        "manager_overdue": "⚠️ {rep} 的任务已逾期 {minutes} 分钟：{title}（原定 {time}）",
        "manager_upcoming": "{rep} 的任务 {minutes} 分钟后到期：{title}（{time}）",
        "eod_title": "今日未完成任务",
        "eod_line": "· {rep}：{title}（{time}）",
        "sla": "⚠️ {rep} 的线索 #{lead}（{company}）创建 {hours} 小时仍未跟进",
        "briefing_title": "早安，{name}！{date} 简报",
        "top": "今日要事：",
        "top_line": "{n}. {time} {title}{value}",
        "value": "（{amount}元）",
        "none": "今日暂无待办",
        "overdue_head": "逾期跟进（{n}）：",
        "at_risk_head": "流失风险客户（{n}）：",
        "wins_head": "昨日赢单（{n}）：",
        "losses_head": "昨日丢单（{n}）：",
        "team_head": (
            "团队概况：今日待办 {due} 项，逾期 {overdue} 项，风险客户 {at_risk} 个，"
            "昨日赢单 {wins} 个，丢单 {losses} 个"
        ),
        "team_line": "· {rep}：待办 {due}，逾期 {overdue}，风险 {at_risk}，赢单 {wins}，丢单 {losses}",
        "all_day": "全天",
        "unknown_company": "未知公司",
    },
    "en": {
        "upcoming": "⏰ Due in {minutes} min: {title} ({time})",
        "overdue": "⚠️ Overdue: {title} (was due {time})",
        "overdue_sms": "[leadscribe] Overdue: {title}, due {time}",
        "manager_overdue": "⚠️ {rep}'s task is {minutes} min overdue: {title} (due {time})",
        "manager_upcoming": "{rep}'s task is due in {minutes} min: {title} ({time})",
        "eod_title": "Unfinished tasks today",
        "eod_line": "- {rep}: {title} ({time})",
        "sla": "⚠️ {rep}'s lead #{lead} ({company}) has had no follow-up for {hours} hours",
        "briefing_title": "Good morning, {name}! Briefing for {date}",
        "top": "Today's top to-dos:",
        "top_line": "{n}. {time} {title}{value}",
        "value": " ({amount})",
        "none": "Nothing due today",
        "overdue_head": "Overdue follow-ups ({n}):",
        "at_risk_head": "At-risk customers ({n}):",
        "wins_head": "Yesterday's wins ({n}):",
        "losses_head": "Lost yesterday ({n}):",
        "team_head": (
            "Team: {due} due today, {overdue} overdue, {at_risk} at-risk customers, {wins} wins and {losses} losses "
            "yesterday"
        ),
        "team_line": "- {rep}: due {due}, overdue {overdue}, at-risk {at_risk}, wins {wins}, lost {losses}",
        "all_day": "all day",
        "unknown_company": "unknown company",
    },
}


def say(lang: str | None, key: str, **values: Any) -> str:
    table = TEXTS.get(lang or "zh", TEXTS["zh"])
    return table[key].format(**values)
