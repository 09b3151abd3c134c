/**
 * The ECS client the provider calls through: `@alicloud/openapi-core`'s client (credentials,
 * signing, endpoint rules, HTTP), set up and called exactly as the generated
 * `@alicloud/ecs20140526` client does, with that package's own request and response models.
 *
 * Not the generated client itself, because loading it loads the models of every ECS action
 * first: 1,294 modules and about 0.2 s of CPU, paid by the plugin process that every
 * `pulumi up`, `refresh` and `destroy` starts. The models of the six actions used here load in a
 * fraction of that. tests/integration/ecs-client.test.ts checks that both clients send the
 * same requests and resolve the same endpoints.
 */
import OpenApi, { $OpenApiUtil, OpenApiUtil } from "@alicloud/openapi-core";
import * as $dara from "@darabonba/typescript";
import { loggedCall, type CallLog } from "./call-log";

/** The generated client's `_endpointMap` (regions whose endpoint is not `ecs.<region>.aliyuncs.com`). */
export const ECS_ENDPOINT_MAP: Record<string, string> = {
  "cn-hangzhou": "ecs-cn-hangzhou.aliyuncs.com",
  "cn-shanghai-finance-1": "ecs-cn-hangzhou.aliyuncs.com",
  "cn-shenzhen-finance-1": "ecs-cn-hangzhou.aliyuncs.com",
  "cn-north-2-gov-1": "ecs.aliyuncs.com",
  "ap-northeast-2-pop": "ecs.aliyuncs.com",
  "cn-beijing-finance-pop": "ecs.aliyuncs.com",
  "cn-beijing-gov-1": "ecs.aliyuncs.com",
  "cn-beijing-nu16-b01": "ecs-cn-hangzhou.aliyuncs.com",
  "cn-edge-1": "ecs.cn-qingdao-nebula.aliyuncs.com",
  "cn-fujian": "ecs-cn-hangzhou.aliyuncs.com",
  "cn-haidian-cm12-c01": "ecs-cn-hangzhou.aliyuncs.com",
  "cn-hangzhou-bj-b01": "ecs-cn-hangzhou.aliyuncs.com",
  "cn-hangzhou-finance": "ecs.aliyuncs.com",
  "cn-hangzhou-internal-prod-1": "ecs-cn-hangzhou.aliyuncs.com",
  "cn-hangzhou-internal-test-1": "ecs-cn-hangzhou.aliyuncs.com",
  "cn-hangzhou-internal-test-2": "ecs-cn-hangzhou.aliyuncs.com",
  "cn-hangzhou-internal-test-3": "ecs-cn-hangzhou.aliyuncs.com",
  "cn-hangzhou-test-306": "ecs-cn-hangzhou.aliyuncs.com",
  "cn-hongkong-finance-pop": "ecs.aliyuncs.com",
  "cn-huhehaote-nebula-1": "ecs.cn-qingdao-nebula.aliyuncs.com",
  "cn-shanghai-et15-b01": "ecs-cn-hangzhou.aliyuncs.com",
  "cn-shanghai-et2-b01": "ecs-cn-hangzhou.aliyuncs.com",
  "cn-shanghai-inner": "ecs.aliyuncs.com",
  "cn-shanghai-internal-test-1": "ecs-cn-hangzhou.aliyuncs.com",
  "cn-shenzhen-inner": "ecs.aliyuncs.com",
  "cn-shenzhen-st4-d01": "ecs-cn-hangzhou.aliyuncs.com",
  "cn-shenzhen-su18-b01": "ecs-cn-hangzhou.aliyuncs.com",
  "cn-wuhan": "ecs.aliyuncs.com",
  "cn-yushanfang": "ecs.aliyuncs.com",
  "cn-zhangbei": "ecs.aliyuncs.com",
  "cn-zhangbei-na61-b01": "ecs-cn-hangzhou.aliyuncs.com",
  "cn-zhangjiakou-na62-a01": "ecs.cn-zhangjiakou.aliyuncs.com",
  "cn-zhengzhou-nebula-1": "ecs.cn-qingdao-nebula.aliyuncs.com",
  "eu-west-1-oxs": "ecs.cn-shenzhen-cloudstone.aliyuncs.com",
  "rus-west-1-pop": "ecs.aliyuncs.com",
};

/** Every request model class of `@alicloud/ecs20140526` lists its fields' wire names. */
const wireNames = (request: $dara.Model) =>
  (request.constructor as unknown as { names(): Record<string, string> }).names();

export class EcsRpcClient extends OpenApi {
  constructor(
    config: $OpenApiUtil.Config,
    /** Where each call is logged (`SG_MEMBERSHIP_LOG_ECS_CALLS`), if anywhere. */
    private readonly callLog?: CallLog,
  ) {
    super(config);
    this._endpointRule = "regional";
    this._endpointMap = ECS_ENDPOINT_MAP;
    this.checkConfig(config);
    this._endpoint =
      this._endpoint ??
      this._endpointMap[this._regionId] ??
      OpenApiUtil.getEndpointRules(
        "ecs",
        this._regionId,
        this._endpointRule,
        this._network,
        this._suffix,
      );
  }

  /**
   * One RPC call, as the generated `<action>WithOptions` methods make it: every field set on
   * the request goes as a query parameter under its wire name, and the JSON answer is cast
   * into the response model.
   */
  async rpc<R extends $dara.Model>(
    action: string,
    request: $dara.Model,
    Response: new (map: Record<string, unknown>) => R,
  ): Promise<R> {
    request.validate();
    const query: Record<string, unknown> = {};
    for (const [field, wireName] of Object.entries(wireNames(request))) {
      const value = (request as unknown as Record<string, unknown>)[field];
      if (!$dara.isNull(value)) query[wireName] = value;
    }
    const params = new $OpenApiUtil.Params({
      action,
      version: "2014-05-26",
      protocol: "HTTPS",
      pathname: "/",
      method: "POST",
      authType: "AK",
      style: "RPC",
      reqBodyType: "formData",
      bodyType: "json",
    });
    const send = () =>
      this.callApi(
        params,
        new $OpenApiUtil.OpenApiRequest({ query: OpenApiUtil.query(query) }),
        new $dara.RuntimeOptions({}),
      );
    const answer = this.callLog
      ? await loggedCall(this.callLog, action, query, send)
      : await send();
    return $dara.cast(answer, new Response({}));
  }
}
