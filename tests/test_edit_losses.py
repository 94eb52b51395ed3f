"""What editing a body here as text would lose (fstui.textconv.formatting_lost via fstui.tui.plain_edit):
decided by the text round trip, so a body fstui wrote never asks and every kind of formatting does."""

from __future__ import annotations

import pytest

from fstui.textconv import TEXT_NOT_SHOWN, text_to_html
from fstui.tui.plain_edit import edit_losses, losses_question
from fstui.tui.text import MAX_HTML_CHARS

from tests.test_textconv import CORPUS


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_what_fstui_wrote_loses_nothing(name):
    assert edit_losses(text_to_html(CORPUS[name])) == []


@pytest.mark.parametrize("html", [
    "",
    None,
    "Can you provide some screenshots?",  # the API reference's plain body
    "<div>We are working on this issue. Will keep you posted.</div>",
    "<div style='font-size: 13px; font-family: \"Helvetica Neue\", Helvetica, Arial, sans-serif;'>\n"
    "<div>Is this still a problem</div>\r\n</div>",  # the portal's wrapper (API reference, conversations)
    "<p>a</p><p>b<br>c</p><div>&nbsp;</div><span>d</span>",
    '<div>See <a href="https://status.example.com/1">https://status.example.com/1</a> or '
    '<a href="mailto:it@example.com">it@example.com</a></div>',  # a link whose text is its address
    "<b> </b><i></i><div>empty formatting shows nothing</div>",
    '<div style="color: rgb(0, 0, 0); background-color: transparent">the page\'s own colours</div>',
    "<div>x</div><script>alert(1)</script><style>b{color:red}</style>",
])
def test_plain_bodies_lose_nothing(html):
    assert edit_losses(html) == []


@pytest.mark.parametrize(("html", "names"), [
    ('<div>Escalated to <a href="https://vendor.example/case/77">vendor case 77</a>, <b>do not reboot</b>.</div>'
     '<div><img src="https://cdn.example/diagram.png" alt="diagram"></div>', ["a link", "bold text", "an image"]),
    ("<ul><li>one</li><li>two</li></ul>", ["a list"]),
    ("<ol><li>one</li></ol>", ["a list"]),
    ("<strong>x</strong><em>y</em><u>z</u><s>w</s>", ["bold text", "italic text", "underlined text",
                                                     "struck-through text"]),
    ('<span style="color: #c00">red</span>', ["coloured text"]),
    ('<font color="red">red</font>', ["coloured text"]),
    ('<div style="background-color: #ffff00">highlighted</div>', ["coloured text"]),
    ('<span style="font-weight: 700">heavy</span>', ["bold text"]),
    ('<p style="text-align: center">centred</p>', ["aligned text"]),
    ('<span style="font-size: 20px">big</span>', ["text in another size or font"]),
    ("<table><tr><td>a</td><td>b</td></tr></table>", ["a table"]),
    ("<h2>Title</h2>", ["a heading"]),
    ("<pre>code</pre><code>x</code>", ["a code block", "code"]),
    ("<blockquote>quoted</blockquote>", ["a quote"]),
    ("<div>a</div><hr><div>b</div>", ["a dividing line"]),
    ('<a href="https://x.example/"><img src="https://x.example/logo.png"></a>', ["an image", "a link"]),
    ("<div>x<marquee>moving</marquee></div>", ["other formatting"]),
])
def test_each_kind_of_formatting_is_named(html, names):
    assert edit_losses(html) == names


def test_text_the_box_would_not_hold_is_a_loss():
    long = "<div>" + "word " * (MAX_HTML_CHARS // 5) + "</div>"
    assert edit_losses(long) == [TEXT_NOT_SHOWN]
    assert edit_losses("<div>x<svg><text>drawn text</text></svg></div>")[-1] == TEXT_NOT_SHOWN


def test_the_question_names_what_would_be_lost():
    question = losses_question("note", ["a link", "bold text", "an image"]).plain
    assert question == ("This note has a link, bold text and an image that editing here cannot keep: it would be "
                        "saved as plain text. Edit it in the Freshservice portal, or edit here anyway?")
