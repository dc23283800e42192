"""A real SMTP server on localhost (aiosmtpd) that keeps every message it receives."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import time
from email.message import Message

from aiosmtpd.controller import Controller


class _Keep:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.original_content,
                                                      policy=email.policy.default))
        return "250 OK"


class MailCatcher:
    """Start with .start(); .url is what KULTUR3_SMTP_URL should be."""

    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.handler = _Keep()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.url = f"smtp://127.0.0.1:{self.port}?tls=off&from=kultur3@ks.example.no"

    def start(self) -> MailCatcher:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def messages(self) -> list[Message]:
        return self.handler.messages

    def wait_for(self, to: str, timeout: float = 15) -> Message:
        """The newest message to this address (waits for it to arrive)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.messages if m["To"] == to]
            if found:
                return found[-1]
            time.sleep(0.1)
        raise AssertionError(f"no mail to {to}; got {[m['To'] for m in self.messages]}")


def body(message: Message) -> str:
    """The plain-text body, decoded."""
    return message.get_body(("plain",)).get_content()


def link_in(message: Message) -> str:
    """The one invitation link in a message."""
    return re.search(r"https?://\S+/invitasjon\?token=[\w-]+", body(message)).group(0)
