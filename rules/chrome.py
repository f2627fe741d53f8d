"""Site-chrome rules (NL2xx): pieces of the web page left around the article.

Scrapers keep breadcrumbs, comment forms, share bars, cookie and paywall
notices, photo captions and credits, "Read more" blocks, bylines, footers and a
truncated echo of the headline. One shared classification per document
(``chrome_lines.analyse``, cached in ``doc.cache``) judges every line once from
phrases (``data/chrome_phrases.toml``, one Aho–Corasick pass over the text),
the line's shape and its place relative to the article body; each rule below
reports the lines judged to be its kind of chrome, with the signal that fired.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from newslint import Document, Finding, Option, Rule, hookimpl
from newslint.config import ConfigError
from newslint.rules.chrome_lines import KIND, Analysis, analyse, phrase_table

_OPTIONS = (
    Option("extend-chrome-phrases", "str-list", [],
           "extra chrome phrases, each 'CODE[ POSITION]: phrase' (POSITION: line, start, "
           "end or any; default line), e.g. 'NL202 start: Join our WhatsApp channel'"),
    Option("chrome-phrases-file", "path", "",
           "a TOML file of extra phrases in the format of the shipped chrome_phrases.toml"),
)


class _ChromeRule(Rule):
    options_section = "chrome"
    options = _OPTIONS
    kind: ClassVar[str] = ""

    def __init__(self, settings: object = None) -> None:
        super().__init__(settings)  # type: ignore[arg-type]
        self._extra = tuple(self.settings["extend-chrome-phrases"])
        self._file = str(self.settings["chrome-phrases-file"] or "")
        try:  # fail early, as a configuration error, on a bad phrase entry or file
            phrase_table(self._extra, self._file)
        except (ValueError, OSError) as exc:
            raise ConfigError(f"[tool.newslint.chrome]: {exc}") from exc

    def analysis(self, doc: Document) -> Analysis:
        return analyse(doc, self._extra, self._file)

    def check(self, doc: Document) -> Iterable[Finding]:
        # one Finding per line of this rule's code; the shared analysis groups the
        # verdicts by code once per document
        kind = KIND[self.code]
        return [Finding(f"{kind}: {v.reason}", v.start, v.end)
                for v in self.analysis(doc).by_code(self.code)]


class ChromeCommentForm(_ChromeRule):
    """A comment form left in the article ("Leave a Reply", "Please enter your comment!").

    ## What it does
    Flags the lines of a comment form or comment section: "Leave a Reply",
    "Please enter your name here", "Your email address will not be published.
    Required fields are marked *", "Comments are closed", and their Portuguese,
    German, Spanish and French equivalents (phrases in `chrome_phrases.toml`,
    table `[NL201]`).

    ## Why it matters
    A comment form is page furniture, not text the outlet published; in a corpus
    it repeats across thousands of articles and teaches a model that articles end
    with "Please enter your comment!".

    ## Example
    ```
    ... a rare phone conversation with his counterpart from Ukraine.

    Please enter your comment!
    Please enter your name here
    ```
    Both last lines are reported.
    """

    code = "NL201"
    name = "site-chrome-comment-form"


class ChromeSharePrompt(_ChromeRule):
    """A share, follow, subscribe or newsletter prompt, or an article toolbar ("Share this").

    ## What it does
    Flags lines that are share bars ("Facebook Twitter Email LinkedIn"), follow
    prompts ("Follow us on Twitter"), newsletter sign-ups ("Sign up for our
    newsletter", "delivered to your inbox") and toolbar labels ("Print this
    article", "Text size"). Table `[NL202]` of `chrome_phrases.toml`.

    ## Why it matters
    These are buttons and forms from the page around the article; in text they
    read as stray words between paragraphs.

    ## Example
    ```
    Share this article
    Facebook Twitter Email
    Subscribe to our newsletter for the latest news delivered to your inbox.
    ```
    """

    code = "NL202"
    name = "site-chrome-share-prompt"


class ChromeBreadcrumb(_ChromeRule):
    """A breadcrumb, section trail or navigation menu ("Home > World > Asia").

    ## What it does
    Flags lines made of menu items joined by pipes, bullets or arrows, navigation
    words ("Home", "Menu", "Skip to content"), and short lines without terminal
    punctuation that stand above the article body (the densest run of
    sentence-like lines), where menus and section trails sit.

    ## Why it matters
    Navigation is the same on every page of a site; left in an article it glues
    section names onto the headline ("Home World President XI will ...").

    ## Example
    ```
    News | World | Asia | Business
    ```
    """

    code = "NL203"
    name = "site-chrome-breadcrumb"


class ChromePhotoCaption(_ChromeRule):
    """A photo caption or credit line ("Photo: Hau Dinh, AP", "... | X via Associated Press").

    ## What it does
    Flags lines that start with a caption label ("Photo:", "Image copyright",
    "Media caption"), contain a credit ("Getty Images", "(AP Photo/...)",
    "photos via"), end with an agency credit after a separator ("Alex Wong |
    Getty Images"), carry a "©" credit, count a gallery ("Image 3 of 8"), or
    are a caption with its credit glued on by the extractor ("... sought
    treatmentCredit: EPA").

    ## Why it matters
    Captions describe a picture the text no longer has, and credits are not
    prose; both break the article's flow and its statistics.

    ## Example
    ```
    Vladimir Putin (left) and Xi Jinping. | Sergei Bobylev, pool photos via Associated Press
    ```
    """

    code = "NL204"
    name = "site-chrome-photo-caption"


class ChromeNotice(_ChromeRule):
    """An advertisement label, cookie or consent notice, paywall or affiliate notice.

    ## What it does
    Flags "Advertisement" / "Anzeige" / "Publicidade" labels, cookie and consent
    banners ("We use cookies"), paywall prompts ("Subscribe to read", "You have
    reached your limit"), affiliate disclosures ("we may earn a commission") and
    player errors ("Media playback is unsupported on your device"). Table
    `[NL205]`.

    ## Why it matters
    Notices are the page talking to the reader, not the article; they are the
    most repeated lines of any scraped corpus.

    ## Example
    ```
    Advertisement
    ```
    """

    code = "NL205"
    name = "site-chrome-notice"


class ChromeRelatedLinks(_ChromeRule):
    """A related-links block or "Read more" line ("Read more: ...", "You may also like").

    ## What it does
    Flags "Read more:" / "Related:" lines, related-links headers ("You may also
    like", "Most read", "Leia também") and the headline-like lines listed under
    them, teasers ending in "..." outside the article body, and runs of short
    headline-like lines below the article body.

    ## Why it matters
    Headlines of other articles inside this one make it say things it never said,
    and repeat on every page of a site.

    ## Example
    ```
    READ MORE: China plague outbreak confirmed
    ```
    """

    code = "NL206"
    name = "site-chrome-related-links"


class ChromeFooter(_ChromeRule):
    """A footer, copyright line, author bio or contact line ("© 2019 ...", "Write to X at ...").

    ## What it does
    Flags copyright lines ("©", "All rights reserved"), reproduction notices,
    footer links ("Privacy Policy", "Contact us"), author bios ("X is a staff
    writer ...", "contributed to this report"), contact lines with an e-mail
    address, and short lines below the article body that are not headlines.

    ## Why it matters
    Footers and bios belong to the site or the author page; in the text they
    become the article's last "paragraph".

    ## Example
    ```
    Copyright 2019 The Associated Press. All rights reserved.
    ```
    """

    code = "NL207"
    name = "site-chrome-footer"


class ChromeByline(_ChromeRule):
    """A byline or timestamp line left in the body ("By Jeff Foust", "Updated 3:27 am PST").

    ## What it does
    Flags "By NAME" lines (also "Von", "Por", "Par"), lines made only of a date
    and time with words like "Published" or "Updated", reading-time lines ("3
    min read") and "Written by" lines.

    ## Why it matters
    Bylines and timestamps are metadata: a corpus keeps them in fields, not in
    the body text, where they read as a sentence fragment.

    ## Example
    ```
    By HNN Staff | November 18, 2019 at 2:26 PM HST
    ```
    """

    code = "NL208"
    name = "site-chrome-byline"


class ChromeTruncatedHeadline(_ChromeRule):
    """A truncated copy of the headline ("... largest show...") left in the text.

    ## What it does
    Flags a line that ends in "..." or "…" whose last words before the ellipsis
    appear again elsewhere in the document: a shortened echo of the headline or
    of a paragraph, as teaser cards and breadcrumbs print it.

    ## Why it matters
    The echo repeats the headline cut mid-phrase, usually glued to navigation;
    readers and models see the same sentence twice, once broken.

    ## Example
    ```
    Home World President XI will pay a visit to PUTIN in China's largest show...

    President XI will pay a visit to PUTIN in China's largest show of support for Russia
    ```
    The first line is reported.
    """

    code = "NL209"
    name = "site-chrome-truncated-headline"


class ArticleCutOff(_ChromeRule):
    """The article is cut off: it ends mid-sentence or at "Continue reading" / "Subscribe to read".

    ## What it does
    Reports one finding for the whole document, on its last line, when the text
    stops at a paywall or continuation marker (table `[NL211]` of
    `chrome_phrases.toml`) in its last three lines, or when the last line is a
    long line that ends in a lower-case word or a comma, mid-sentence.

    ## Why it matters
    A corpus user wants to drop or re-fetch such an article rather than keep half
    of it; the finding is about the document, not about one line of chrome.

    ## Example
    ```
    The minister said the talks would resume in
    ```
    """

    code = "NL211"
    name = "article-cut-off"

    def check(self, doc: Document) -> Iterable[Finding]:
        verdict = self.analysis(doc).cut_off
        if verdict is not None:
            yield Finding(f"{KIND[self.code]}: {verdict.reason}; drop or re-fetch the article",
                          verdict.start, verdict.end)


RULES: Sequence[type[Rule]] = (
    ChromeCommentForm, ChromeSharePrompt, ChromeBreadcrumb, ChromePhotoCaption, ChromeNotice,
    ChromeRelatedLinks, ChromeFooter, ChromeByline, ChromeTruncatedHeadline, ArticleCutOff,
)


@hookimpl
def newslint_add_rules() -> Sequence[type[Rule]]:
    return RULES
