import type { LabSettings } from '@hostpulse/protocol';
/** A lab request as parsed: the settings asked for and the lab it changes, or what is wrong and in which field. */
export type LabRequestParse = {
    ok: true;
    settings: LabSettings;
    labId: string | undefined;
} | {
    ok: false;
    field: string;
    message: string;
};
/**
 * Parses the body of POST /api/lab against protocol's LabRequest schema, then the
 * topic: `overview` or `host/<id>` of a host the hub knows (`hasHost`). Every
 * refusal names its field.
 */
export declare function parseLabRequest(text: string, hasHost: (hostId: string) => boolean): LabRequestParse;
//# sourceMappingURL=lab-request.d.ts.map