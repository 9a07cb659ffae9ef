// Emoji reactions: each new reaction spawns an emoji that rises from the bottom centre,
// wobbling sideways and fading out.
import * as React from 'react';
import { Emoji } from '#vcs-react/components';
import { useVideoTime } from '#vcs-react/hooks';
import { fixedFrame } from '../layouts.js';
import { toNumber } from '../helpers.js';

const MAX_PARTICLES = 50;
const MIN_OPACITY = 0.01;
// String keys can only be compared for identity; remember them long enough to outlive the
// standard source's own 1 s retention.
const STRING_KEY_MEMORY_SECS = 3;

// One floating emoji. Motion parameters are randomised per particle (all sizes in px).
class Particle {
  constructor(id, emoji, t0, pxPerGu) {
    this.id = id;
    this.emoji = emoji;
    this.t0 = t0;
    this.pxPerGu = pxPerGu;
    this.size = (4 - 0.2 + Math.random() * 0.4) * pxPerGu;
    this.startRise = -Math.random() * pxPerGu;
    this.speed = (9 + Math.random() * 5) * pxPerGu;
    this.fadePerSec = 0.3 + Math.random() * 0.1;
    this.startX = (Math.random() - 0.5) * 5 * pxPerGu;
    this.waveHalfPeriod = 1.5 + Math.random() * 0.5;
    this.wavePhase = Math.random();
    // Until the first advance the particle sits just below the bottom edge, fully opaque.
    this.rise = 0;
    this.xOffset = this.startX;
    this.opacity = 1;
  }

  advance(t) {
    const dt = t - this.t0;
    this.rise = this.startRise + dt * this.speed;
    this.xOffset = this.startX + this.pxPerGu * Math.sin(this.wavePhase + (dt * Math.PI) / this.waveHalfPeriod);
    this.opacity = Math.pow(Math.max(0, 1 - dt * this.fadePerSec), 1 / 2.5);
  }
}

class ParticleSystem {
  constructor() {
    this.particles = [];
    this.time = -Infinity;
    this.lastNumericKey = 0;
    this.stringKeySeenAt = new Map();
    this.nextId = 1;
  }

  update(t, reactions, pxPerGu) {
    if (t > this.time) {
      this.time = t;
      for (const p of this.particles) p.advance(t);
    }
    this.prune(t);
    for (const reaction of reactions) {
      if (this.isNew(reaction.key, t)) {
        this.particles.push(new Particle(this.nextId++, reaction.text, t, pxPerGu));
      }
    }
  }

  prune(t) {
    // Daily's walk skips the element after each removal (it moves into the removed slot),
    // so of two adjacent faded particles only the first goes in this pass.
    for (let i = 0; i < this.particles.length; i++) {
      if (this.particles[i].opacity < MIN_OPACITY) this.particles.splice(i, 1);
    }
    while (this.particles.length > MAX_PARTICLES) this.particles.shift();
    for (const [key, seenAt] of this.stringKeySeenAt) {
      if (t - seenAt > STRING_KEY_MEMORY_SECS) this.stringKeySeenAt.delete(key);
    }
  }

  // Numeric keys must increase; string keys are handled once while remembered.
  isNew(key, t) {
    if (typeof key === 'number') {
      if (!(key > this.lastNumericKey)) return false;
      this.lastNumericKey = key;
      return true;
    }
    if (this.stringKeySeenAt.has(key)) return false;
    this.stringKeySeenAt.set(key, t);
    return true;
  }
}

export default function EmojiReactions({ params, standardSources, viewport, pxPerGu }) {
  const t = useVideoTime();
  const systemRef = React.useRef(null);
  if (!systemRef.current) systemRef.current = new ParticleSystem();
  const system = systemRef.current;
  system.update(t, currentReactions(params, standardSources), pxPerGu);

  // Read at render time, so a change moves the particles already in flight too.
  const offsetX = toNumber(params['emojiReactions.offset_x_gu']) * pxPerGu;
  return system.particles.map((p) => (
    <Emoji
      key={p.id}
      value={p.emoji}
      blend={{ opacity: p.opacity }}
      layout={[
        fixedFrame,
        { x: viewport.w / 2 + p.xOffset + offsetX, y: viewport.h - p.rise, w: p.size, h: p.size },
      ]}
    />
  ));
}

function currentReactions(params, standardSources) {
  if (params['emojiReactions.source'] === 'param') {
    const key = parseInt(params['emojiReactions.key'], 10);
    const emoji = params['emojiReactions.emoji'];
    return key > 0 && emoji ? [{ key, text: emoji }] : [];
  }
  const source = standardSources.emojiReactions;
  return (source && source.latest) || [];
}
