"""Interface strings in Vietnamese (first) and English. Facts stay in Vietnamese."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "help": {
        "vi": (
            "Tôi trả lời câu hỏi về đối ngoại Việt Nam từ các bài báo về Hội nghị Đối ngoại toàn quốc "
            "14/12/2021 và các kết quả liên quan. Mỗi câu trả lời kèm câu gốc và nguồn.\n"
            "Hỏi tự do, ví dụ: «Việt Nam có quan hệ ngoại giao với bao nhiêu nước?», "
            "«doi tac chien luoc toan dien».\n"
            "Các lệnh:"
        ),
        "en": (
            "I answer questions about Vietnam's foreign affairs from news articles about the National "
            "Conference on Foreign Affairs of 14/12/2021 and related results. Every answer quotes its "
            "sentence and source (facts are in Vietnamese).\n"
            'Ask freely, e.g. "How many countries does Vietnam have diplomatic relations with?".\n'
            "Commands:"
        ),
    },
    "not_found": {
        "vi": "Không tìm thấy thông tin này trong các bài báo tôi có.",
        "en": "I could not find this in the articles I have.",
    },
    "not_found_hint": {
        "vi": "Tôi biết về: quan hệ đối tác, số liệu đối ngoại, sự kiện, văn kiện, nhân vật, bài học kinh nghiệm. Thử:",
        "en": "I know about partnerships, foreign-affairs figures, events, documents, people and lessons. Try:",
    },
    "empty": {
        "vi": "Bạn chưa nhập câu hỏi. Ví dụ: «Việt Nam có bao nhiêu đối tác chiến lược?»",
        "en": 'Your message is empty. Example: "How many strategic partners does Vietnam have?"',
    },
    "did_you_mean": {"vi": "Có phải bạn muốn hỏi:", "en": "Did you mean:"},
    "source": {"vi": "Nguồn", "en": "Source"},
    "sources": {"vi": "Nguồn", "en": "Sources"},
    "date_unknown": {"vi": "không rõ ngày", "en": "date unknown"},
    "other_source": {"vi": "Nguồn khác", "en": "Another source"},
    "unknown_command": {
        "vi": "Không có lệnh {command}. Gõ /help để xem các lệnh.",
        "en": "There is no command {command}. Send /help to see the commands.",
    },
    "event_usage": {
        "vi": "Cần một ngày, ví dụ: /event {day}, /event {month} hoặc /event {year}.",
        "en": "I need a date, e.g. /event {day}, /event {month} or /event {year}.",
    },
    "event_bad": {
        "vi": "{reason}. Ví dụ: /event {day}, /event {month}, /event {year}.",
        "en": "{reason}. Example: /event {day}, /event {month}, /event {year}.",
    },
    "event_none": {
        "vi": "Không có sự kiện nào vào {date} trong các bài báo. Ngày gần nhất có sự kiện: {nearest}.",
        "en": "No event on {date} in the articles. Nearest dates with events: {nearest}.",
    },
    "events_on": {"vi": "Sự kiện {date}", "en": "Events {date}"},
    "timeline": {"vi": "Dòng thời gian", "en": "Timeline"},
    "partners": {"vi": "Quan hệ đối tác của Việt Nam", "en": "Vietnam's partnerships"},
    "partners_none": {
        "vi": "Không tìm thấy khuôn khổ đối tác với «{query}». Các nước có trong bài báo: {known}.",
        "en": 'No partnership framework found for "{query}". Countries in the articles: {known}.',
    },
    "partner_counts": {"vi": "Số lượng đối tác", "en": "Number of partners"},
    "lessons": {"vi": "Bài học kinh nghiệm", "en": "Lessons"},
    "lessons_none": {"vi": "Không tìm thấy bài học kinh nghiệm nào.", "en": "No lessons found."},
    "figures": {"vi": "Số liệu", "en": "Figures"},
    "figures_none": {
        "vi": "Không có số liệu nào về «{query}».",
        "en": 'No figures about "{query}".',
    },
    "documents": {"vi": "Văn kiện", "en": "Documents"},
    "documents_none": {
        "vi": "Không tìm thấy văn kiện «{query}».",
        "en": 'Document "{query}" not found.',
    },
    "people": {"vi": "Nhân vật", "en": "People"},
    "people_none": {
        "vi": "Không tìm thấy nhân vật «{query}».",
        "en": 'Nobody called "{query}" found.',
    },
    "source_usage": {
        "vi": "Cần mã dữ kiện, ví dụ: /source {example}",
        "en": "I need a fact id, e.g. /source {example}",
    },
    "source_none": {"vi": "Không có dữ kiện mã «{query}».", "en": 'No fact with id "{query}".'},
    "search_usage": {
        "vi": "Cần từ khóa, ví dụ: /search đối tác chiến lược",
        "en": "I need words to search, e.g. /search đối tác chiến lược",
    },
    "search_none": {"vi": "Không có kết quả cho «{query}».", "en": 'Nothing found for "{query}".'},
    "search": {"vi": "Kết quả tìm kiếm", "en": "Search results"},
    "about": {"vi": "Về kho dữ liệu", "en": "About the corpus"},
    "too_long": {
        "vi": "Câu hỏi quá dài; tôi chỉ đọc 500 ký tự đầu.",
        "en": "Your question is too long; I read only its first 500 characters.",
    },
    "page": {"vi": "Trang {page}/{pages}", "en": "Page {page}/{pages}"},
    "telegram_only": {
        "vi": "Lệnh {command} chỉ dùng được trong Telegram.",
        "en": "The command {command} works in Telegram only.",
    },
    "subscribed": {
        "vi": "Đã đăng ký nhận bản tin hằng ngày. Gõ /unsubscribe để hủy.",
        "en": "Subscribed to the daily digest. Send /unsubscribe to stop.",
    },
    "already_subscribed": {
        "vi": "Cuộc trò chuyện này đã đăng ký rồi.",
        "en": "This chat is already subscribed.",
    },
    "unsubscribed": {
        "vi": "Đã hủy đăng ký bản tin hằng ngày.",
        "en": "Unsubscribed from the daily digest.",
    },
    "not_subscribed": {
        "vi": "Cuộc trò chuyện này chưa đăng ký.",
        "en": "This chat is not subscribed.",
    },
    "group_admins_only": {
        "vi": "Chỉ quản trị viên của nhóm mới đăng ký hoặc hủy đăng ký được.",
        "en": "Only the group's admins can subscribe or unsubscribe it.",
    },
    "admins_only": {
        "vi": "Lệnh này chỉ dành cho quản trị viên của bot.",
        "en": "This command is for the bot's admins only.",
    },
    "broadcast_usage": {
        "vi": "Cách dùng: /broadcast <nội dung>, hoặc trả lời một tin nhắn bằng /broadcast để gửi lại tin đó.",
        "en": "Usage: /broadcast <text>, or reply to a message with /broadcast to copy it.",
    },
    "no_broadcasts": {"vi": "Chưa có lần gửi nào.", "en": "No broadcasts yet."},
    "broadcast_status": {"vi": "Các lần gửi gần đây", "en": "Recent broadcasts"},
    "stats": {"vi": "Thống kê", "en": "Statistics"},
    "stats_subscribers": {
        "vi": "Người đăng ký: {active} đang nhận, {inactive} đã ngừng",
        "en": "Subscribers: {active} active, {inactive} inactive",
    },
    "stats_questions": {
        "vi": "{days} ngày qua: {asked} câu hỏi, {answered} trả lời được",
        "en": "Last {days} days: {asked} questions, {answered} answered",
    },
    "stats_feedback": {
        "vi": "Phản hồi: 👍 {up} · 👎 {down}",
        "en": "Feedback: 👍 {up} · 👎 {down}",
    },
    "stats_unanswered": {
        "vi": "Câu hỏi chưa trả lời được nhiều nhất:",
        "en": "Most frequent unanswered questions:",
    },
    "more": {"vi": "Xem thêm", "en": "More"},
    "more_title": {"vi": "Các kết quả khác", "en": "More results"},
    "thanks": {"vi": "Cảm ơn!", "en": "Thank you!"},
    "slow_down": {
        "vi": "Bạn gửi tin nhắn nhanh quá. Vui lòng chờ một lát rồi hỏi tiếp nhé.",
        "en": "You are sending messages too fast. Please wait a moment, then ask again.",
    },
    "error": {
        "vi": "Xin lỗi, đã có lỗi khi xử lý tin nhắn này. Vui lòng thử lại sau.",
        "en": "Sorry, something went wrong with this message. Please try again later.",
    },
    "lang_set": {"vi": "Đã chuyển sang tiếng Việt.", "en": "Switched to English."},
    "lang_usage": {
        "vi": "Chọn ngôn ngữ: /lang vi (Tiếng Việt) hoặc /lang en (English).",
        "en": "Choose a language: /lang vi (Tiếng Việt) or /lang en (English).",
    },
    "expired": {"vi": "Nút này không còn dùng được.", "en": "This button no longer works."},
    "about_articles": {"vi": "{count} bài báo", "en": "{count} articles"},
    "about_outlets": {"vi": "Báo: {outlets}", "en": "Outlets: {outlets}"},
    "about_published": {"vi": "Ngày đăng: {first} – {last}", "en": "Published: {first} – {last}"},
    "about_facts": {"vi": "Dữ kiện: {facts}", "en": "Facts: {facts}"},
    "about_changes": {"vi": "Thay đổi gần đây:", "en": "Recent changes:"},
    "change_added": {"vi": "thêm", "en": "added"},
    "change_removed": {"vi": "gỡ", "en": "removed"},
    "added": {
        "vi": "Đã thêm {count} bài từ {file}; có thể hỏi ngay:",
        "en": "Added {count} article(s) from {file}; ask about them now:",
    },
    "removed": {
        "vi": "Đã gỡ {count} bài của {file}:",
        "en": "Removed {count} article(s) of {file}:",
    },
    "add_usage": {
        "vi": "Gửi tệp .txt, .md hoặc .html cho tôi, hoặc /add <địa chỉ trang>.",
        "en": "Send me a .txt, .md or .html file, or /add <page address>.",
    },
    "add_type": {
        "vi": "Không nhận loại tệp này ({detail}); chỉ .txt, .md, .html.",
        "en": "This kind of file is not taken ({detail}); only .txt, .md, .html.",
    },
    "add_empty": {
        "vi": "Tệp trống: không có gì để thêm.",
        "en": "The file is empty: nothing to add.",
    },
    "add_too_large": {
        "vi": "Tệp quá lớn ({detail}); tối đa 3 MB.",
        "en": "The file is too large ({detail}); at most 3 MB.",
    },
    "add_not_utf8": {
        "vi": "Tệp không phải văn bản UTF-8; hãy lưu lại với mã UTF-8.",
        "en": "The file is not UTF-8 text; save it as UTF-8.",
    },
    "add_not_article": {
        "vi": "Không tìm thấy bài báo nào trong tệp (cần tiêu đề và nội dung). {detail}",
        "en": "No article found in the file (it needs a title and a body). {detail}",
    },
    "add_duplicate": {
        "vi": "Bài này đã có (trong {detail}); không thêm lần nữa.",
        "en": "This article is already here (in {detail}); not added again.",
    },
    "add_url": {
        "vi": "Địa chỉ không hợp lệ: {detail} (cần http:// hoặc https://).",
        "en": "Not a valid address: {detail} (it needs http:// or https://).",
    },
    "add_fetch": {
        "vi": "Không tải được trang ({detail}); không có gì thay đổi.",
        "en": "Could not fetch the page ({detail}); nothing changed.",
    },
    "remove_usage": {
        "vi": "Gỡ một bài: /remove <tên tệp hoặc một phần tiêu đề> (xem /about).",
        "en": "Remove an article: /remove <file name or part of its title> (see /about).",
    },
    "remove_none": {
        "vi": 'Không có bài nào khớp "{query}" (xem /about).',
        "en": 'No article matches "{query}" (see /about).',
    },
    "remove_which": {
        "vi": "{count} tệp khớp; hãy ghi rõ tên tệp:",
        "en": "{count} files match; give the file name:",
    },
    "since": {"vi": "từ {since}", "en": "since {since}"},
    "on_this_day": {"vi": "Ngày này năm xưa — {day}/{month}", "en": "On this day — {day}/{month}"},
    "fact_of_the_day": {"vi": "Dữ kiện của ngày", "en": "Fact of the day"},
    "broadcast_sending": {
        "vi": "Đang gửi: {sent} đã gửi, {failed} lỗi, {unknown} không rõ, {left} còn lại (trên {total}).",
        "en": "Sending: {sent} sent, {failed} failed, {unknown} unknown, {left} left (of {total}).",
    },
    "broadcast_done": {
        "vi": "Đã gửi xong: {sent} đã gửi, {failed} lỗi, {unknown} không rõ, {left} còn lại (trên {total}).",
        "en": "Broadcast finished: {sent} sent, {failed} failed, {unknown} unknown, {left} left (of {total}).",
    },
    "broadcast_copy": {"vi": "(bản sao)", "en": "(copy)"},
    "chat_welcome": {
        "vi": "Hỏi về đối ngoại Việt Nam (/help để xem lệnh, Ctrl-D để thoát).",
        "en": "Ask about Vietnam's foreign affairs (/help for the commands, Ctrl-D to quit).",
    },
    "language_vi": {"vi": "Tiếng Việt", "en": "Tiếng Việt"},
    "language_en": {"vi": "English", "en": "English"},
    "quiz_cloze": {"vi": "Điền vào chỗ trống:", "en": "Fill in the blank:"},
    "quiz_explanation": {
        "vi": "Đáp án: {answer}. Nguồn: {source}",
        "en": "Answer: {answer}. Source: {source}",
    },
    "quiz_partner": {
        "vi": "Quan hệ Việt Nam - {country} ở khuôn khổ nào?",
        "en": "What is the framework of Vietnam's relations with {country}?",
    },
    "quiz_partner_since": {
        "vi": "Từ {since}, quan hệ Việt Nam - {country} ở khuôn khổ nào?",
        "en": "Since {since}, what is the framework of Vietnam's relations with {country}?",
    },
    "quiz_partner_country": {
        "vi": "Nước nào có quan hệ {framework} với Việt Nam từ {since}?",
        "en": "Which country has had a {framework} with Vietnam since {since}?",
    },
    "quiz_document": {
        "vi": "{type} ngày {date} của {issuer}{about} có số hiệu nào?",
        "en": "What is the number of the {type} of {date} by {issuer}{about}?",
    },
    "quiz_about": {"vi": " về «{subject}»", "en": " on «{subject}»"},
    "quiz_none": {
        "vi": "Chưa có câu hỏi nào về «{topic}». Thử /quiz, /quiz số liệu, /quiz sự kiện, /quiz đối tác, /quiz văn kiện, /quiz nhân vật hoặc /quiz {year}.",
        "en": 'No quiz about "{topic}" yet. Try /quiz, /quiz figures, /quiz dates, /quiz partners, /quiz documents, /quiz people or /quiz {year}.',
    },
    "quiz_answer_with": {
        "vi": "Trả lời bằng số từ 1 đến {count}.",
        "en": "Answer with a number from 1 to {count}.",
    },
    "quiz_right": {"vi": "✅ Đúng!", "en": "✅ Right!"},
    "quiz_wrong": {
        "vi": "❌ Sai. Đáp án đúng: {answer}.",
        "en": "❌ Wrong. The right answer: {answer}.",
    },
    "quiz_skipped": {"vi": "Bỏ qua câu hỏi.", "en": "Question skipped."},
    "topic_figure": {"vi": "số liệu", "en": "figures"},
    "topic_date": {"vi": "sự kiện, ngày tháng", "en": "dates"},
    "topic_person": {"vi": "nhân vật", "en": "people"},
    "topic_partner": {"vi": "đối tác", "en": "partners"},
    "topic_document": {"vi": "văn kiện", "en": "documents"},
    "score": {"vi": "Kết quả ôn tập", "en": "Your quiz results"},
    "score_none": {
        "vi": "Bạn chưa trả lời câu hỏi nào. Gửi /quiz để bắt đầu.",
        "en": "You have not answered any question yet. Send /quiz to start.",
    },
    "score_totals": {
        "vi": "Đúng {right}, sai {wrong} (tổng {total}).",
        "en": "Right {right}, wrong {wrong} (of {total}).",
    },
    "score_streak": {"vi": "Chuỗi đúng liên tiếp: {streak}.", "en": "Current streak: {streak}."},
    "score_weakest": {"vi": "Cần ôn thêm: {topics}.", "en": "To review: {topics}."},
    "score_due": {
        "vi": "Câu cần ôn lại ngay: {due} (gửi /quiz).",
        "en": "Questions due for review: {due} (send /quiz).",
    },
    "top": {"vi": "Bảng xếp hạng của nhóm", "en": "The group's leaderboard"},
    "top_none": {
        "vi": "Chưa ai trong nhóm trả lời câu hỏi nào. Gửi /quiz để bắt đầu.",
        "en": "Nobody in this group has answered a quiz yet. Send /quiz to start.",
    },
    "top_line": {
        "vi": "{rank}. {name}: {right}/{total} đúng",
        "en": "{rank}. {name}: {right}/{total} right",
    },
    "top_groups_only": {"vi": "Lệnh /top dùng trong nhóm.", "en": "/top works in groups."},
    "timeline_image": {
        "vi": "{title}: {shown} sự kiện trên trục thời gian.",
        "en": "{title}: {shown} events on a time axis.",
    },
    "timeline_image_more": {
        "vi": "{title}: {shown}/{total} sự kiện đầu tiên; /timeline <năm> ảnh để xem từng năm.",
        "en": "{title}: the first {shown} of {total} events; /timeline <year> image for one year.",
    },
    "quiz_daily": {"vi": "Câu hỏi hôm nay", "en": "Today's quiz"},
    "subscribed_quiz": {
        "vi": "Đã đăng ký câu hỏi ôn tập hằng ngày cho cuộc trò chuyện này.",
        "en": "This chat will get the daily quiz.",
    },
    "already_subscribed_quiz": {
        "vi": "Cuộc trò chuyện này đã đăng ký câu hỏi hằng ngày.",
        "en": "This chat already gets the daily quiz.",
    },
    "unsubscribed_quiz": {
        "vi": "Đã hủy câu hỏi hằng ngày.",
        "en": "The daily quiz is off for this chat.",
    },
    "not_subscribed_quiz": {
        "vi": "Cuộc trò chuyện này chưa đăng ký câu hỏi hằng ngày.",
        "en": "This chat does not get the daily quiz.",
    },
}

LANGUAGES = ("vi", "en")


def t(key: str, lang: str = "vi", **values: object) -> str:
    """The interface string `key` in `lang` (Vietnamese when unknown), formatted."""
    forms = STRINGS[key]
    text = forms.get(lang, forms["vi"])
    return text.format(**values) if values else text


def language_of(code: str | None) -> str:
    """'en' for English Telegram clients, 'vi' for everyone else."""
    return "en" if code and code.lower().startswith("en") else "vi"
