"""The sections every guide has, by name: plain data, so commands can name them without loading the
guide schema."""

SECTIONS = ("overview", "signals", "example", "why", "mistakes", "faq")
SECTION_TITLES = {
    "overview": "Overview", "signals": "What hiring managers look for", "example": "Example letter",
    "why": "Why the example works", "mistakes": "Common mistakes", "faq": "Questions members ask",
}
