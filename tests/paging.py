"""Paging through a long list as a reader does: by its links to the next and
previous pages (templates/includes/keyset_pagination.html)."""

from urllib.parse import urljoin

from bs4 import BeautifulSoup


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def link(page, rel):
    """The address of the page's `rel` link ("next" or "prev"), or None."""
    found = page.select_one(f".pagination a[rel={rel}]")
    return found["href"] if found else None


def link_labels(page):
    return [a.get_text() for a in page.select(".pagination a")]


def walk(client, url, rel):
    """The pages met from `url` on, following the `rel` link until there is none,
    and the address of the last of them."""
    pages = [soup(client.get(url))]
    while href := link(pages[-1], rel):
        url = urljoin(url, href)
        pages.append(soup(client.get(url)))
        assert len(pages) < 20, "the links go round in circles"
    return pages, url
