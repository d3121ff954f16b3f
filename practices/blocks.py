"""The blocks a practice's story is told in: text, a customer's or worker's own
words, the steps to follow, and pictures."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

TEXT_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]
TEMPLATES = "practices/library/blocks"


class StoryQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text="Their words, as they said them.")
    attribution = blocks.CharBlock(
        max_length=120,
        help_text="Who said it, e.g. “A guest, room 214” or “Ana, night reception”.",
    )

    class Meta:
        icon = "openquote"
        label = "Service story"
        template = f"{TEMPLATES}/story.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False, max_length=250,
        help_text="What the picture shows, for people who cannot see it. Left empty, the "
                  "image's own description is used.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        label = "Image"
        template = f"{TEMPLATES}/image.html"


class PracticeBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=TEXT_FEATURES, icon="pilcrow")
    story = StoryQuoteBlock()
    steps = blocks.ListBlock(
        blocks.TextBlock(label="Step"), icon="list-ol", label="Numbered steps",
        template=f"{TEMPLATES}/steps.html",
    )
    image = CaptionedImageBlock()
