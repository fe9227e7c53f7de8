"""The public request schemas: what a client may send, and nothing more.

Every model forbids unknown fields, so only an allowlist of parameters ever reaches a
provider: a client cannot smuggle `api_base`, `api_key`, `extra_headers`, litellm options or
anything else that would redirect the call or leak a key (SSRF). Free-form JSON (tool
parameter schemas, response_format schemas, logit_bias) is additionally scanned for those
names by `gateway.validation`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

MAX_TEXT = 4 * 1024 * 1024
MAX_ITEMS = 4096


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class TextPart(Strict):
    type: Literal["text"]
    text: Annotated[str, Field(max_length=MAX_TEXT)]


class RefusalPart(Strict):
    type: Literal["refusal"]
    refusal: Annotated[str, Field(max_length=MAX_TEXT)]


# Images, audio and files cannot be checked for personal data, so they are refused (fail closed).
ContentPart = Annotated[TextPart | RefusalPart, Field(discriminator="type")]
Content = Annotated[str, Field(max_length=MAX_TEXT)] | Annotated[list[ContentPart], Field(max_length=MAX_ITEMS)]


class FunctionCall(Strict):
    name: Annotated[str, Field(max_length=256)]
    arguments: Annotated[str, Field(max_length=MAX_TEXT)]


class ToolCall(Strict):
    id: Annotated[str, Field(max_length=256)]
    type: Literal["function"]
    function: FunctionCall


Name = Annotated[str, Field(max_length=256)]


class SystemMessage(Strict):
    role: Literal["system", "developer"]
    content: Content
    name: Name | None = None


class UserMessage(Strict):
    role: Literal["user"]
    content: Content
    name: Name | None = None


class AssistantMessage(Strict):
    role: Literal["assistant"]
    content: Content | None = None
    name: Name | None = None
    refusal: str | None = None
    tool_calls: Annotated[list[ToolCall], Field(max_length=MAX_ITEMS)] | None = None
    function_call: FunctionCall | None = None


class ToolMessage(Strict):
    role: Literal["tool"]
    content: Content
    tool_call_id: Annotated[str, Field(max_length=256)]


class FunctionMessage(Strict):
    role: Literal["function"]
    content: Content | None
    name: Name


Message = Annotated[
    SystemMessage | UserMessage | AssistantMessage | ToolMessage | FunctionMessage, Field(discriminator="role")
]


class FunctionDefinition(Strict):
    name: Annotated[str, Field(max_length=64, pattern=r"^[a-zA-Z0-9_-]+$")]
    description: Annotated[str, Field(max_length=MAX_TEXT)] | None = None
    parameters: dict[str, Any] | None = None
    strict: StrictBool | None = None


class Tool(Strict):
    type: Literal["function"]
    function: FunctionDefinition


class NamedFunction(Strict):
    name: str


class NamedToolChoice(Strict):
    type: Literal["function"]
    function: NamedFunction


class StreamOptions(Strict):
    include_usage: StrictBool | None = None


class JsonSchemaFormat(Strict):
    name: Annotated[str, Field(max_length=64)]
    description: str | None = None
    schema_: dict[str, Any] | None = Field(default=None, alias="schema")
    strict: StrictBool | None = None


class ResponseFormat(Strict):
    type: Literal["text", "json_object", "json_schema"]
    json_schema: JsonSchemaFormat | None = None


Number = float | StrictInt


class ChatCompletionRequest(Strict):
    model: Annotated[str, Field(min_length=1, max_length=256)]
    messages: Annotated[list[Message], Field(min_length=1, max_length=MAX_ITEMS)]
    stream: StrictBool | None = None
    stream_options: StreamOptions | None = None
    max_tokens: Annotated[StrictInt, Field(ge=1)] | None = None
    max_completion_tokens: Annotated[StrictInt, Field(ge=1)] | None = None
    temperature: Annotated[Number, Field(ge=0, le=2)] | None = None
    top_p: Annotated[Number, Field(ge=0, le=1)] | None = None
    n: Annotated[StrictInt, Field(ge=1, le=16)] | None = None
    stop: Annotated[str, Field(max_length=1024)] | Annotated[list[str], Field(max_length=4)] | None = None
    presence_penalty: Annotated[Number, Field(ge=-2, le=2)] | None = None
    frequency_penalty: Annotated[Number, Field(ge=-2, le=2)] | None = None
    logit_bias: dict[str, Number] | None = None
    logprobs: StrictBool | None = None
    top_logprobs: Annotated[StrictInt, Field(ge=0, le=20)] | None = None
    seed: StrictInt | None = None
    tools: Annotated[list[Tool], Field(max_length=128)] | None = None
    tool_choice: Literal["none", "auto", "required"] | NamedToolChoice | None = None
    parallel_tool_calls: StrictBool | None = None
    response_format: ResponseFormat | None = None
    reasoning_effort: Literal["minimal", "low", "medium", "high"] | None = None
    # Accepted for client compatibility; never forwarded as sent (see gateway.pipeline).
    user: Annotated[str, Field(max_length=256)] | None = None


EmbeddingInput = (
    Annotated[str, Field(max_length=MAX_TEXT)]
    | Annotated[list[Annotated[str, Field(max_length=MAX_TEXT)]], Field(min_length=1, max_length=2048)]
    | Annotated[list[StrictInt], Field(min_length=1, max_length=MAX_ITEMS)]
    | Annotated[list[Annotated[list[StrictInt], Field(max_length=MAX_ITEMS)]], Field(min_length=1, max_length=2048)]
)


class EmbeddingRequest(Strict):
    model: Annotated[str, Field(min_length=1, max_length=256)]
    input: EmbeddingInput
    encoding_format: Literal["float", "base64"] | None = None
    dimensions: Annotated[StrictInt, Field(ge=1, le=65536)] | None = None
    user: Annotated[str, Field(max_length=256)] | None = None
