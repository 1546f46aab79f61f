import { defineSearchAttributeKey } from '@temporalio/common';

/** Typed keys of the custom search attributes registered by core/temporal/search-attributes.ts. */
export const TrackingCodeKey = defineSearchAttributeKey('RedressTrackingCode', 'KEYWORD');
export const StageKey = defineSearchAttributeKey('RedressStage', 'KEYWORD');
export const CategoryKey = defineSearchAttributeKey('RedressCategory', 'KEYWORD');
export const ChannelKey = defineSearchAttributeKey('RedressChannel', 'KEYWORD');
export const ProcessVersionKey = defineSearchAttributeKey('RedressProcessVersion', 'INT');
export const PriorityKey = defineSearchAttributeKey('RedressPriority', 'KEYWORD');
