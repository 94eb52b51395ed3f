"""Canned responses and the knowledge base (issue 14): fixed content, the same in every seed.

Canned responses (API-SUPPLEMENT §4) live in IT's three folders (General, Hardware, a Personal one), HR's
"HR replies" (workspace 3) and a global "Company-wide" folder (workspace 1, listed with ``workspace_id=1``). Some use
placeholders the way the portal inserts them (``{{ticket.requester.name}}``, ``{{ticket.id}}``,
``{{ticket.subject}}``, ``{{ticket.agent.name}}``, and one fstui cannot know, ``{{ticket.portal_url}}``);
the API returns content as stored, so the client fills them in. One response carries an attachment.

Solutions (§5): categories > folders > articles; published articles (status 2) are found by
``/solutions/articles/search`` with words like "VPN", "printer", "password"; one draft is not. HR
(workspace 3) has a category of its own ("leave", "payslip"; "password" finds one of IT's and one of HR's).
"""

from __future__ import annotations

from html import escape

from .seed import DAY

FOLDER_ID_BASE = 1000500000
RESPONSE_ID_BASE = 1000510000
CATEGORY_ID_BASE = 1000520000
SOLUTION_FOLDER_ID_BASE = 1000530000
ARTICLE_ID_BASE = 1000540000
ATTACHMENT_ID = 1000550001

FOLDERS = [("General", "General"), ("Hardware", "Custom"), ("My responses", "Personal"),
           ("HR replies", "Custom"), ("Company-wide", "General")]
#: the workspace of each folder (and its responses) by position: IT (2) unless named here; HR's own
#: folder, and one at the global level (1) that every workspace's tickets offer
FOLDER_WORKSPACES = {3: 3, 4: 1}
RESPONSES = [
    (0, "Greeting", "Hello {{ticket.requester.name}},\n\nThanks for contacting the service desk about "
                    "\"{{ticket.subject}}\". We are looking into it."),
    (0, "Closing: resolved", "Hi {{ticket.requester.name}},\n\nWe believe ticket #{{ticket.id}} is resolved. "
                             "If the problem comes back, just reply to this email.\n\nRegards,\n{{ticket.agent.name}}"),
    (0, "Need more information", "Could you send us a screenshot of the error and the time it happened?"),
    (0, "Portal link", "You can follow the ticket in the portal: {{ticket.portal_url}}"),
    (1, "Printer: toner replacement", "The toner has been replaced. Please print a test page and tell us if "
                                      "the streaks are gone."),
    (1, "Laptop: return form", "Please fill in the attached return form and bring the laptop to the desk."),
    (2, "Thanks for waiting", "Thanks for your patience, {{ticket.requester.name}}. An update follows today."),
    (3, "Leave request received", "Hi {{ticket.requester.name}},\n\nWe have your leave request and will confirm "
                                  "the dates with your manager within two working days."),
    (3, "Payslip correction", "The corrected payslip will be in the portal with the next pay run."),
    (4, "Office closed on public holidays", "All offices are closed on public holidays; urgent requests are "
                                            "handled the next working day."),
]
ATTACHED = 5  # "Laptop: return form"
ATTACHMENT_BYTES = b"Laptop return form\n\nAsset tag: ________\nReason: ________\nSigned: ________\n"

CATEGORIES = [("Getting started", "New starters and accounts"), ("Network", "Remote access and Wi-Fi"),
              ("Printing", "Printers and scanners")]
SOLUTION_FOLDERS = [(0, "Accounts"), (1, "VPN"), (1, "Wi-Fi"), (2, "Printers")]
#: HR's knowledge base (workspace 3): one category, one folder, its articles (after the IT ones)
HR_CATEGORY = ("Leave and pay", "Holidays, leave and payslips")
HR_ARTICLES = [
    ("Request parental leave", "Submit the <b>Parental leave</b> form in the portal at least eight weeks "
                               "before; your manager approves it.", ["leave", "parental"]),
    ("Read your payslip", "Your payslip lists gross pay, tax and the password-protected PDF download.",
     ["payslip", "pay", "password"]),
]
ARTICLES = [
    (0, "Reset your password", "Go to the self-service portal, choose <b>Forgot password</b> and follow the "
                               "link we email you. Passwords expire every 90 days.", ["password", "login"], 2),
    (0, "Set up multi-factor authentication", "Install the authenticator app and scan the code shown on the "
                                              "account page.", ["mfa", "password"], 2),
    (1, "Connect to the VPN from home", "Start the VPN client, choose the <i>Corporate</i> profile and sign "
                                        "in with your password.", ["vpn", "remote"], 2),
    (1, "VPN disconnects every few minutes", "Switch the VPN client to TCP in Settings &gt; Advanced; update "
                                             "the client to the latest version.", ["vpn"], 2),
    (2, "Join the office Wi-Fi", "Choose the <b>Corp</b> network and sign in with your account.", ["wifi"], 2),
    (3, "Printer shows paper jam but no paper is stuck", "Open both trays, remove the toner, then close the "
                                                         "doors; the printer resets the sensor.", ["printer"], 2),
    (3, "Add a network printer", "Open Settings &gt; Printers, choose <b>Add</b> and pick the printer by its "
                                 "floor name.", ["printer"], 2),
    (3, "Printer driver rollout (draft)", "Not published yet.", ["printer"], 1),
]


def generate(anchor: float) -> dict:
    created = anchor - 200 * DAY
    folders = {}
    for i, (name, kind) in enumerate(FOLDERS):
        fid = FOLDER_ID_BASE + i + 1
        folders[fid] = {"id": fid, "name": name, "type": kind, "responses_count": 0,
                        "workspace_id": FOLDER_WORKSPACES.get(i, 2),
                        "created_at": created, "updated_at": created}
    responses = {}
    for i, (folder, title, text) in enumerate(RESPONSES):
        rid = RESPONSE_ID_BASE + i + 1
        fid = FOLDER_ID_BASE + folder + 1
        folders[fid]["responses_count"] += 1
        html = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n"))
        attachments = []
        if i == ATTACHED:
            attachments = [{"id": ATTACHMENT_ID, "content_type": "text/plain", "size": len(ATTACHMENT_BYTES),
                            "name": "laptop-return-form.txt"}]
        responses[rid] = {"id": rid, "title": title, "folder_id": fid, "content": text, "content_html": html,
                          "workspace_id": folders[fid]["workspace_id"], "attachments": attachments,
                          "created_at": created + i * DAY,
                          "updated_at": created + i * DAY}
    categories = {}
    for i, (name, description) in enumerate(CATEGORIES):
        cid = CATEGORY_ID_BASE + i + 1
        categories[cid] = {"id": cid, "name": name, "description": description, "default_category": False,
                           "position": i + 1, "visible_in_portals": [], "workspace_id": 2,
                           "created_at": created, "updated_at": created}
    sfolders = {}
    for i, (category, name) in enumerate(SOLUTION_FOLDERS):
        fid = SOLUTION_FOLDER_ID_BASE + i + 1
        sfolders[fid] = {"id": fid, "name": name, "description": None, "category_id": CATEGORY_ID_BASE + category + 1,
                         "position": i + 1, "visibility": 1, "default_folder": False, "workspace_id": 2,
                         "created_at": created, "updated_at": created}
    articles = {}
    for i, (folder, title, html, keywords, status) in enumerate(ARTICLES):
        aid = ARTICLE_ID_BASE + i + 1
        fid = SOLUTION_FOLDER_ID_BASE + folder + 1
        articles[aid] = {"id": aid, "title": title, "description": f"<p>{html}</p>", "status": status,
                         "approval_status": None, "position": i + 1, "folder_id": fid,
                         "category_id": sfolders[fid]["category_id"], "thumbs_up": 0, "thumbs_down": 0,
                         "agent_id": 1000000001, "keywords": keywords, "tags": [], "url": None, "article_type": 1,
                         "views": 10 * (i + 1), "inserted_into_tickets": 0, "workspace_id": 2,
                         "created_at": created + i * DAY, "updated_at": created + i * DAY}
    _hr_knowledge(created, categories, sfolders, articles)
    return {"knowledge": {"canned_folders": folders, "canned_responses": responses, "categories": categories,
                          "solution_folders": sfolders, "articles": articles,
                          "attachments": {ATTACHMENT_ID: ("laptop-return-form.txt", "text/plain", ATTACHMENT_BYTES)}}}


def _hr_knowledge(created: float, categories: dict, sfolders: dict, articles: dict) -> None:
    """HR's category, folder and published articles (workspace 3), with ids after the IT ones."""
    cid = CATEGORY_ID_BASE + len(CATEGORIES) + 1
    categories[cid] = {"id": cid, "name": HR_CATEGORY[0], "description": HR_CATEGORY[1], "default_category": False,
                       "position": len(CATEGORIES) + 1, "visible_in_portals": [], "workspace_id": 3,
                       "created_at": created, "updated_at": created}
    fid = SOLUTION_FOLDER_ID_BASE + len(SOLUTION_FOLDERS) + 1
    sfolders[fid] = {"id": fid, "name": "Leave", "description": None, "category_id": cid,
                     "position": len(SOLUTION_FOLDERS) + 1, "visibility": 1, "default_folder": False,
                     "workspace_id": 3, "created_at": created, "updated_at": created}
    for i, (title, html, keywords) in enumerate(HR_ARTICLES):
        aid = ARTICLE_ID_BASE + len(ARTICLES) + i + 1
        articles[aid] = {"id": aid, "title": title, "description": f"<p>{html}</p>", "status": 2,
                         "approval_status": None, "position": i + 1, "folder_id": fid, "category_id": cid,
                         "thumbs_up": 0, "thumbs_down": 0, "agent_id": 1000000001, "keywords": keywords, "tags": [],
                         "url": None, "article_type": 1, "views": 5 * (i + 1), "inserted_into_tickets": 0,
                         "workspace_id": 3, "created_at": created + i * DAY, "updated_at": created + i * DAY}
