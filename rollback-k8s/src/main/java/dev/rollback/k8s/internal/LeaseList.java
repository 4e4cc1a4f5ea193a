package dev.rollback.k8s.internal;

import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseList;
import java.util.List;

/**
 * Lists Leases by label selector, the one read the monitor's shard ownership adds to {@link
 * DurabilityObjects}' Lease get, create and update. Thread-safe.
 */
final class LeaseList {
  private final KubeApi api;
  private final CoordinationV1Api coordination;

  LeaseList(KubeApi api) {
    this.api = api;
    this.coordination = new CoordinationV1Api(api.client());
  }

  List<V1Lease> leases(String ns, String selector) throws InterruptedException {
    V1LeaseList list = api.call(Op.collection("list", DurabilityObjects.LEASES, ns),
        () -> coordination.listNamespacedLease(ns).labelSelector(selector).buildCall(null), V1LeaseList.class);
    return list.getItems();
  }
}
