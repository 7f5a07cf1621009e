"""The projects app's models, one small module per aggregate."""

from .baseline import Baseline, Milestone
from .change import ChangeKind, ChangeRequest, ChangeStatus
from .delay import DelayExplanation
from .document import DocumentStage, StageDocument
from .project import Module, Project, ProjectStatus, Tier
from .review import Review, ReviewOutcome
from .transition import ProjectTransition

__all__ = [
    "Baseline", "ChangeKind", "ChangeRequest", "ChangeStatus", "DelayExplanation", "DocumentStage", "Milestone",
    "Module", "Project", "ProjectStatus", "ProjectTransition", "Review", "ReviewOutcome", "StageDocument", "Tier",
]
