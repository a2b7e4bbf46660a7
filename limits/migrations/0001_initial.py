from django.db import migrations, models

# Counters need no crash safety: UNLOGGED skips the write-ahead log. Room left
# in each page lets PostgreSQL update a counter in place (a HOT update).
FAST_COUNTERS = """
ALTER TABLE limits_ratecounter SET UNLOGGED;
ALTER TABLE limits_ratecounter SET (fillfactor = 70);
"""


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='LoginLockout',
            fields=[
                ('account', models.CharField(max_length=80, primary_key=True, serialize=False)),
                ('failures', models.PositiveIntegerField(default=0)),
                ('last_failure', models.DateTimeField()),
                ('locked_until', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'verbose_name': 'login lockout',
                'verbose_name_plural': 'login lockouts',
            },
        ),
        migrations.CreateModel(
            name='RateCounter',
            fields=[
                ('key', models.CharField(max_length=200, primary_key=True, serialize=False)),
                ('recovered_at', models.FloatField(help_text='Seconds since the epoch.')),
                ('step', models.FloatField()),
                ('span', models.FloatField()),
            ],
            options={
                'verbose_name': 'rate counter',
                'verbose_name_plural': 'rate counters',
            },
        ),
        migrations.RunSQL(FAST_COUNTERS, migrations.RunSQL.noop),
    ]
