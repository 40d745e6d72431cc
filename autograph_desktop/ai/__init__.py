"""AI diagrams: providers over HTTP (OpenAI-compatible), a fallback chain, generate/refine/explain, usage log.

No Qt, no database: the GUI runs the pipeline on a worker thread and the CLI on its main thread; both pass
a usage sink that writes the library's `ai_usage` table. What a model returns is data: it is searched for
Mermaid, defused, parsed by our parser and drawn by our layout, never executed.
"""

from autograph_desktop.ai.apply import insert_transaction
from autograph_desktop.ai.cancel import CancelToken
from autograph_desktop.ai.chain import FallbackChain
from autograph_desktop.ai.client import ChatClient, ChatReply, ChatRequest
from autograph_desktop.ai.errors import AiError, Cancelled, ChainFailed
from autograph_desktop.ai.iconmap import IconResolver
from autograph_desktop.ai.pipeline import AiPipeline, DiagramResult, GenerateRequest, Progress
from autograph_desktop.ai.profiles import build_chain, load_profiles, save_profiles
from autograph_desktop.ai.prompts import ImageInput
from autograph_desktop.ai.providers import PRESETS, ProviderConfig, from_preset
from autograph_desktop.ai.refine import RefineDiff, current_mermaid, refine_transaction
from autograph_desktop.ai.secrets import KeyStore
from autograph_desktop.ai.usage import MemoryUsage, UsageRecord, UsageSink

__all__ = [
    "PRESETS",
    "AiError",
    "AiPipeline",
    "CancelToken",
    "Cancelled",
    "ChainFailed",
    "ChatClient",
    "ChatReply",
    "ChatRequest",
    "DiagramResult",
    "FallbackChain",
    "GenerateRequest",
    "IconResolver",
    "ImageInput",
    "KeyStore",
    "MemoryUsage",
    "Progress",
    "ProviderConfig",
    "RefineDiff",
    "UsageRecord",
    "UsageSink",
    "build_chain",
    "current_mermaid",
    "from_preset",
    "insert_transaction",
    "load_profiles",
    "refine_transaction",
    "save_profiles",
]
