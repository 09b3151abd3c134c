/**
 * The official Python SDKs against the emulator: alibabacloud-ecs20140526 (Tea, ACS3 and RPC
 * signatures) and aliyun-python-sdk-core + aliyun-python-sdk-ecs (RPC), from a pinned venv.
 */
import { describeClient } from "./contract";
import { PYTHON_CORE, PYTHON_TEA } from "./sdk-clients";

describeClient(PYTHON_TEA);
describeClient(PYTHON_CORE);
