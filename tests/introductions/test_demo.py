"""`flask seed demo` fills introductions answered every way, with threads, once."""

from learning_hub.models import ConversationMessage, Introduction


def test_demo_introductions_and_threads(runner, db):
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    states = sorted(db.session.scalars(db.select(Introduction.state)))
    assert states == ["accepted", "declined", "pending"]
    messages = db.session.scalar(db.select(db.func.count(ConversationMessage.id)))
    assert messages >= 4  # an introduction thread and a mentorship thread
    print(f"\n{messages} messages")
    again = runner.invoke(args=["seed", "demo"])
    assert again.exit_code == 0
    assert sorted(db.session.scalars(db.select(Introduction.state))) == states
    assert db.session.scalar(db.select(db.func.count(ConversationMessage.id))) == messages
