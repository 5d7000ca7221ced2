"""factory_boy factories for the models tests need."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from claims.models import Speaker
from sources.models import Article
from sources.reading.content_fingerprint import content_hash


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    text = factory.Sequence(lambda n: f'Article {n}. "We will win," said Jane Doe.')
    content_hash = factory.LazyAttribute(lambda article: content_hash(article.text))
    title = factory.Sequence(lambda n: f"Article {n}")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker Number{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"editor{n}")
    password = factory.django.Password("s3cret-pass")
