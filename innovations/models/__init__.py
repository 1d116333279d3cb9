"""The content model: reference data, hubs and innovation case studies."""

from .contact import Contact
from .featured import FeaturedInnovation
from .hubs import HubIndexPage, HubKind, HubPage
from .imports import ImportJob
from .innovation import (
    InnovationAward,
    InnovationDocument,
    InnovationMetric,
    InnovationPage,
    InnovationPageTag,
    KitDocumentKind,
    Language,
    Level,
)
from .page_creation import PageCreation
from .reference import (
    SDG,
    FundingSource,
    IslandGroup,
    MinistryAgency,
    Province,
    Regency,
    Sector,
    ServiceChannel,
    Stage,
    Status,
)

__all__ = [
    "SDG",
    "HubIndexPage",
    "HubKind",
    "HubPage",
    "ImportJob",
    "IslandGroup",
    "InnovationAward",
    "InnovationDocument",
    "InnovationMetric",
    "InnovationPage",
    "InnovationPageTag",
    "Contact",
    "FeaturedInnovation",
    "FundingSource",
    "KitDocumentKind",
    "Language",
    "Level",
    "MinistryAgency",
    "PageCreation",
    "Province",
    "Regency",
    "Sector",
    "ServiceChannel",
    "Stage",
    "Status",
]
