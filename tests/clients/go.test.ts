/**
 * The official Go SDKs against the emulator: github.com/alibabacloud-go/ecs-20140526/v7
 * (darabonba, ACS3 and RPC signatures) and github.com/aliyun/alibaba-cloud-sdk-go (RPC, the SDK
 * of the Terraform provider), built from tests/clients/go.
 */
import { describeClient } from "./contract";
import { GO_DARABONBA, GO_V1 } from "./sdk-clients";

describeClient(GO_DARABONBA);
describeClient(GO_V1);
