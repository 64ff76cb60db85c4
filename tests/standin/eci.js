'use strict';
// The four image-cache actions of ECI 2018-08-08, on in-memory state, with
// the response shapes of the real API (PascalCase JSON). Every key of the
// stand-in acts on one shared account. Nothing here knows about signatures:
// an action runs only after the request passed every gateway check.
//
// A cache is Creating (or Updating) until it has been returned by
// `readyAfter` DescribeImageCaches answers; the next answer shows it Ready.
// Progress by answers rather than by time keeps tests deterministic.

const crypto = require('crypto');
const { ApiError } = require('./errors');

const API_VERSION = '2018-08-08';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
function randomId(prefix) {
  let id = prefix;
  for (let i = 0; i < 20; i += 1) id += ALNUM[crypto.randomInt(ALNUM.length)];
  return id;
}

function isoSeconds(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// Repeated parameters (Image.N, Tag.N.Key) in the order of N, as the API
// numbers them; gaps are tolerated, as the signature already covers them.
function indexed(params, pattern) {
  return Object.keys(params)
    .map((name) => [pattern.exec(name), name])
    .filter(([match]) => match)
    .sort(([a], [b]) => Number(a[1]) - Number(b[1]))
    .map(([match, name]) => ({ n: match[1], value: params[name] }));
}

function images(params) {
  return indexed(params, /^Image\.([1-9]\d*)$/).map(({ value }) => value);
}

function tags(params) {
  return indexed(params, /^Tag\.([1-9]\d*)\.Key$/)
    .map(({ n, value }) => ({ Key: value, Value: params[`Tag.${n}.Value`] || '' }));
}

function integer(params, name, { min, max, fallback }) {
  const text = params[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ApiError('InvalidParameter', `The parameter ${name} must be an integer from ${min} to ${max}; got "${text}".`);
  }
  return value;
}

function boolean(params, name, fallback) {
  const text = params[name];
  if (text === undefined || text === '') return fallback;
  if (text !== 'true' && text !== 'false') {
    throw new ApiError('InvalidParameter', `The parameter ${name} must be true or false; got "${text}".`);
  }
  return text === 'true';
}

function expiry(params, from) {
  const days = integer(params, 'RetentionDays', { min: 1, max: 2147483647, fallback: null });
  // Without RetentionDays a cache does not expire: no date is the honest answer.
  return days === null ? '' : isoSeconds(from + days * 86400000);
}

class EciState {
  constructor({ readyAfter }) {
    this.readyAfter = readyAfter;
    this.reset();
  }

  reset() {
    this.caches = new Map(); // ImageCacheId -> cache, in creation order
    this.answers = new Map(); // action + ClientToken -> the body first answered
    this.sequence = 0; // creation order, the basis of NextToken
  }

  /** Runs a checked request; returns the body without RequestId. */
  run(action, params) {
    const spec = ACTIONS[action];
    const token = params.ClientToken;
    const key = `${action}\n${token}`;
    // Idempotency: a repeated ClientToken gets the first answer again and
    // changes nothing, even if the cache has changed or gone since.
    if (token && this.answers.has(key)) return { ...this.answers.get(key) };
    const body = spec.run.call(this, params);
    if (token) this.answers.set(key, body);
    return { ...body };
  }

  event(cache, name, message) {
    const now = isoSeconds(Date.now());
    cache.Events.push({ Count: 1, Type: 'Normal', Name: name, Message: message, FirstTimestamp: now, LastTimestamp: now });
  }

  find(params) {
    const cache = this.caches.get(params.ImageCacheId);
    if (!cache || cache.RegionId !== params.RegionId) {
      throw new ApiError('InvalidImageCacheId.NotFound',
        `The specified image cache ${params.ImageCacheId} does not exist in region ${params.RegionId}.`);
    }
    return cache;
  }

  create(params) {
    const now = Date.now();
    const cache = {
      sequence: ++this.sequence,
      shownInStatus: 0,
      ImageCacheId: randomId('imc-'),
      ImageCacheName: params.ImageCacheName,
      Status: 'Creating',
      Progress: '50%',
      ContainerGroupId: randomId('eci-'),
      SnapshotId: '',
      CreationTime: isoSeconds(now),
      ExpireDateTime: expiry(params, now),
      ImageCacheSize: integer(params, 'ImageCacheSize', { min: 1, max: 2147483647, fallback: 20 }),
      RegionId: params.RegionId,
      ResourceGroupId: params.ResourceGroupId || '',
      Flash: boolean(params, 'Flash', false),
      Images: images(params),
      Events: [],
      Tags: tags(params),
    };
    this.event(cache, 'Creating', `Start to create image cache ${cache.ImageCacheId}.`);
    this.caches.set(cache.ImageCacheId, cache);
    return { ImageCacheId: cache.ImageCacheId, ContainerGroupId: cache.ContainerGroupId };
  }

  describe(params) {
    const limit = integer(params, 'Limit', { min: 1, max: 100, fallback: 10 });
    const ids = params.ImageCacheId ? new Set(params.ImageCacheId.split(',')) : null;
    const wantedTags = tags(params);
    const matching = [...this.caches.values()].filter((cache) =>
      cache.RegionId === params.RegionId
      && (!ids || ids.has(cache.ImageCacheId))
      && (!params.ImageCacheName || cache.ImageCacheName === params.ImageCacheName)
      && (!params.SnapshotId || cache.SnapshotId === params.SnapshotId)
      && (!params.Image || cache.Images.includes(params.Image))
      && wantedTags.every((t) => cache.Tags.some((c) => c.Key === t.Key && c.Value === t.Value)));

    let from = 0;
    if (params.NextToken) {
      // The token is the creation sequence of the next cache, so that a
      // deletion between two pages neither repeats nor skips a cache.
      if (!/^[1-9]\d*$/.test(params.NextToken)) {
        throw new ApiError('InvalidParameter', `The NextToken "${params.NextToken}" is not valid.`);
      }
      from = matching.findIndex((cache) => cache.sequence >= Number(params.NextToken));
      if (from < 0) from = matching.length;
    }
    const page = matching.slice(from, from + limit);
    const next = matching[from + limit];
    return {
      TotalCount: matching.length,
      NextToken: next ? String(next.sequence) : '',
      ImageCaches: page.map((cache) => this.show(cache)),
    };
  }

  // One Describe answer that returns the cache: the point where a
  // transitional status becomes Ready.
  show(cache) {
    if ((cache.Status === 'Creating' || cache.Status === 'Updating')
        && cache.shownInStatus >= this.readyAfter) {
      const done = cache.Status === 'Creating' ? 'Created' : 'Updated';
      cache.Status = 'Ready';
      cache.Progress = '100%';
      cache.SnapshotId = randomId('s-');
      cache.shownInStatus = 0;
      this.event(cache, done, `Image cache ${cache.ImageCacheId} is ready, snapshot ${cache.SnapshotId}.`);
    }
    cache.shownInStatus += 1;
    const { sequence, shownInStatus, ...shown } = cache;
    return JSON.parse(JSON.stringify(shown)); // a copy: later changes must not alter a logged answer
  }

  update(params) {
    const cache = this.find(params);
    // The API reference: only a cache that is Ready or UpdateFailed can be updated.
    if (cache.Status !== 'Ready' && cache.Status !== 'UpdateFailed') {
      throw new ApiError('ImageCache.IncorrectStatus',
        `The image cache status ${cache.Status} does not support this operation.`);
    }
    const now = Date.now();
    const newImages = images(params);
    const newTags = tags(params);
    Object.assign(cache, {
      ImageCacheName: params.ImageCacheName,
      ImageCacheSize: integer(params, 'ImageCacheSize', { min: 1, max: 2147483647, fallback: cache.ImageCacheSize }),
      Flash: boolean(params, 'Flash', cache.Flash),
      ResourceGroupId: params.ResourceGroupId || cache.ResourceGroupId,
      ExpireDateTime: params.RetentionDays ? expiry(params, now) : cache.ExpireDateTime,
      Images: newImages.length ? newImages : cache.Images,
      Tags: newTags.length ? newTags : cache.Tags,
      Status: 'Updating',
      Progress: '50%',
      shownInStatus: 0,
    });
    this.event(cache, 'Updating', `Start to update image cache ${cache.ImageCacheId}.`);
    return {};
  }

  remove(params) {
    this.caches.delete(this.find(params).ImageCacheId);
    return {};
  }
}

// Each action with the parameters the API reference marks required, in the
// order a missing one is reported. Image.N needs at least Image.1.
const ACTIONS = {
  CreateImageCache: { required: ['RegionId', 'ImageCacheName', 'Image.1'], run: EciState.prototype.create },
  DescribeImageCaches: { required: ['RegionId'], run: EciState.prototype.describe },
  UpdateImageCache: {
    required: ['RegionId', 'ImageCacheId', 'SecurityGroupId', 'VSwitchId', 'ImageCacheName'],
    run: EciState.prototype.update,
  },
  DeleteImageCache: { required: ['RegionId', 'ImageCacheId'], run: EciState.prototype.remove },
};

module.exports = { API_VERSION, ACTIONS, EciState };
