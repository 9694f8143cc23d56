#!/usr/bin/env python3
"""Generates legacy-v4/call.transcript.completed.long-unicode.json: a legacy v4 call.transcript.completed of about
50 KB whose dialogue mixes accents, combining marks, CJK, Hangul, Arabic, emoji (incl. ZWJ sequences, skin tones,
flags and astral-plane characters), trailing whitespace and JSON-escaped characters (quotes, backslashes, tabs,
line breaks).

Run once from the repository root and commit the output; the test pins the SHA-256 and line count printed below:
    python3 src/test/fixture-tools/long-transcript.py
Deterministic: no randomness, no clock.
"""
import hashlib
import json
import pathlib

OUT = pathlib.Path("src/test/resources/fixtures/legacy-v4/call.transcript.completed.long-unicode.json")
TARGET_BYTES = 50 * 1024

AGENT = ("USk2Lm9QpR", "+15125550100")
CALLER = (None, "+13125550123")

PHRASES = [
    "Bonjour, c'est bien la société Façade & Fils ? J'ai une question à propos du devis.",
    "Sí, señora Muñoz, el técnico llegará mañana a las 9 — ¿le parece bien?",
    "Der Kühlschrank in der Küche macht Geräusche; Größe: 1,80 m, Straße 12b.",
    "The naïve café owner in São Paulo ordered a crème brûlée torch (coöperative pricing).",
    "Combining marks: e\u0301 a\u0300 n\u0303 o\u0308 \u2014 not precomposed, keep them as sent.",
    "東京の事務所から電話しています。見積もりは来週までに送ります。",
    "我们需要在星期四之前更换热水器，请确认预约时间。",
    "안녕하세요, 배관 수리 예약을 목요일 오후 2시로 변경하고 싶어요.",
    "مرحبا، أود تأكيد موعد الصيانة يوم الخميس.",
    "Emoji check 🙂🚰🔧 thumbs 👍🏽 plumber 👨\u200d🔧 flag 🇺🇸 and a math letter 𝔸.",
    "Quotes \"like this\", a backslash C:\\temp\\leak.jpg, a tab\there and a line\nbreak.",
    "Ångström-level precision isn't needed; ½ inch pipe, 3⁄4 valve, 90° elbow, ±2 mm.",
    "Price is €1.250,00 or £1,080 or ¥185,000 — whichever invoice currency suits you.",
    "Ok 👌 see you Thursday. Ça marche, à jeudi ! ありがとうございます 🙏",
    "  …um, hold on — let me grab a pen.  ",
]


def main():
    dialogue = []
    t = 0.0
    i = 0
    while True:
        speaker = AGENT if i % 2 == 0 else CALLER
        content = f"[{i:04d}] " + PHRASES[i % len(PHRASES)]
        length = round(2.5 + (i % 7) * 0.731, 3)
        dialogue.append({
            "content": content,
            "start": round(t, 3),
            "end": round(t + length, 3),
            "identifier": speaker[1],
            "userId": speaker[0],
        })
        t += length + 0.25
        i += 1
        envelope = {
            "id": "EVe5c0e2a4b6f88fd8e0a2c4e6a8c0e2f4",
            "object": "event",
            "apiVersion": "v4",
            "createdAt": "2026-03-15T09:41:07.118Z",
            "type": "call.transcript.completed",
            "data": {
                "object": {
                    "callId": "ACf5d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2",
                    "object": "callTranscript",
                    "createdAt": "2026-03-15T09:41:06.530Z",
                    "dialogue": dialogue,
                    "duration": int(t) + 1,
                    "status": "completed",
                    "contactIds": ["CT66f1a2b3c4d5e6f7a8b9c0d1"],
                }
            },
        }
        text = json.dumps(envelope, ensure_ascii=False, indent=2) + "\n"
        if len(text.encode("utf-8")) >= TARGET_BYTES:
            break
    OUT.write_text(text, encoding="utf-8")
    joined = "\n".join(line["content"] for line in dialogue)
    print(f"bytes={len(text.encode('utf-8'))} lines={len(dialogue)} duration={int(t) + 1}")
    print(f"sha256(contents joined by \\n, UTF-8)={hashlib.sha256(joined.encode('utf-8')).hexdigest()}")


if __name__ == "__main__":
    main()
