from tests.factories import create_innovation


def test_innovation_page_is_served(site_tree, client):
    page = create_innovation(title="SIPANDU Layanan Terpadu")
    response = client.get(page.url)
    assert response.status_code == 200
    assert "SIPANDU Layanan Terpadu" in response.content.decode()
