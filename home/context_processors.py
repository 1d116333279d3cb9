"""What every public page's footer says about who runs the site and how to reach them."""

from django.conf import settings


def site_owner(request):
    return {"site_owner": {"name": settings.SITE_OWNER, "email": settings.SITE_CONTACT_EMAIL}}
