"""Plain text -> HTML -> the text fstui shows is the same text (issue 11, section 3)."""

from __future__ import annotations

import pytest

from fstui.textconv import normalise_text, text_to_html
from fstui.tui.text import html_to_text

CORPUS = {
    "the issue's example": "Hi Pat,\n\nLine two\n  indented three\nfour & 5 < 6\n",
    "signature": (
        "Hi Maria,\n\nThe printer on floor 3 is fixed: the fuser was replaced.\n\n"
        "Best regards,\n--\nSam Okafor\nIT Service Desk | ext. 4411\nhttps://it.example.com/help\n"
    ),
    "quoted reply": (
        "Thanks, that worked.\n\nOn Mon, 3 Jun 2024 at 09:12, Desk <desk@example.com> wrote:\n"
        "> Could you restart the VPN client?\n>\n> > Original: VPN drops every 10 minutes\n> Sam\n"
    ),
    "lists": "Steps:\n1. Open Settings\n2. Choose Network\n   a) Wi-Fi\n   b) Ethernet\n\n- item one\n- item two\n  * nested\n",
    "code snippet": (
        "Run this:\n\n    $ sudo systemctl restart cups\n    $ lpstat -p   # check the queue\n\n"
        "def f(x):\n    if x < 3 and x > 1:\n        return x  # two  spaces\n"
    ),
    "urls and emails": "See https://kb.example.com/a?b=1&c=2#x or mail <help@example.com>.\nhttp://x.example/<script>",
    "non-Latin scripts": "Здравствуйте, Иван!\n\n您好，打印机已经修好了。\nمرحبا بك\nשלום עולם\nこんにちは 🌸 ❤️ 👍🏽\n",
    "markup typed as text": "Use <b>bold</b> &amp; <i>not</i> &lt;this&gt;\n[bold]x[/bold] *y* `z`",
    "many blank lines": "a\n\n\n\nb\n \n\tc",
    "runs of spaces": "Name:    Pat\nRoom:  3.14   (east)\n   \n",
    "windows newlines": "one\r\ntwo\r\n\r\nthree",
    "hr-like and tables": "-----\n| a | b |\n|---|---|\n===\n",
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_text_survives_html_and_back(name):
    text = CORPUS[name]
    html = text_to_html(text)
    assert html_to_text(html) == normalise_text(text)


def test_the_issue_example_is_escaped_and_keeps_lines():
    html = text_to_html("Hi Pat,\n\nLine two\n  indented three\nfour & 5 < 6 <b>x</b>\n")
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert html == ("<div>Hi Pat,</div><div><br></div><div>Line two</div>"
                    "<div>&nbsp;&nbsp;indented three</div><div>four &amp; 5 &lt; 6 &lt;b&gt;x&lt;/b&gt;</div>")
    assert html_to_text(html) == "Hi Pat,\n\nLine two\n  indented three\nfour & 5 < 6 <b>x</b>"


def test_normalise_only_drops_what_html_cannot_carry():
    assert normalise_text("\n\n  a  \r\n\tb\n\n") == "  a\n    b"
    assert text_to_html("  \n\n") == ""


def test_freshservice_editor_html_reads_with_its_blank_lines():
    # what the portal's editor writes: a paragraph per line, <br> or &nbsp; for an empty one
    assert html_to_text("<div>Hi</div><div><br></div><div>there</div>") == "Hi\n\nthere"
    assert html_to_text("<div>Hi</div><div>&nbsp;</div><div>there</div>") == "Hi\n\nthere"
    assert html_to_text("Hi<br><br>there<br>") == "Hi\n\nthere"
    assert html_to_text("<p>a</p><p>b</p>") == "a\n\nb"
