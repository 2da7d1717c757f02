package integration

import (
	"context"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// TestEtcdContentsOfCoreResources runs kapi on an etcd the test can read, with a short --event-ttl, and
// checks what lands in etcd: secrets without stringData, events from either API as core events under
// /registry/events on an etcd lease that expires them, and every resource under kube-apiserver's key.
func TestEtcdContentsOfCoreResources(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	etcd := startEtcd(t)
	kapi := startServer(t, "--etcd-servers="+etcd.ClientURLs()[0], "--event-ttl=3s")
	etcdClient := etcdClient(t, etcd)
	client := kubernetes.NewForConfigOrDie(kapi.ClientConfig)
	createNamespace(t, client, "keys")

	if _, err := client.CoreV1().Secrets("keys").Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "s"},
		StringData: map[string]string{"password": "hunter2"},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	stored := &corev1.Secret{}
	readEtcd(t, ctx, etcdClient, "/registry/secrets/keys/s", stored)
	if stored.StringData != nil || string(stored.Data["password"]) != "hunter2" || stored.Type != corev1.SecretTypeOpaque {
		t.Errorf("stored secret: data %q, stringData %q, type %q; want stringData merged into data, never stored", stored.Data, stored.StringData, stored.Type)
	}

	if _, err := client.EventsV1().Events("keys").Create(ctx, &eventsv1.Event{
		ObjectMeta:          metav1.ObjectMeta{Name: "e"},
		EventTime:           metav1.NewMicroTime(time.Now()),
		ReportingController: "example.com/c",
		ReportingInstance:   "c-0",
		Action:              "Do",
		Reason:              "Done",
		Regarding:           corev1.ObjectReference{Kind: "Pod", Namespace: "keys", Name: "p"},
		Note:                "did it",
		Type:                corev1.EventTypeNormal,
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	storedEvent := &corev1.Event{}
	eventLease := readEtcd(t, ctx, etcdClient, "/registry/events/keys/e", storedEvent)
	if storedEvent.APIVersion != "v1" || storedEvent.Kind != "Event" || storedEvent.Message != "did it" || storedEvent.InvolvedObject.Name != "p" {
		t.Errorf("stored event = %s %s %+v, want a core/v1 Event", storedEvent.APIVersion, storedEvent.Kind, storedEvent)
	}
	if eventLease == 0 {
		t.Fatal("the event has no etcd lease, so it would never expire")
	}
	ttl, err := etcdClient.TimeToLive(ctx, clientv3.LeaseID(eventLease))
	if err != nil {
		t.Fatal(err)
	}
	if ttl.GrantedTTL != 3 {
		t.Errorf("event lease TTL = %ds, want the --event-ttl of 3s", ttl.GrantedTTL)
	}
	err = wait.PollUntilContextCancel(ctx, 200*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		_, err := client.CoreV1().Events("keys").Get(ctx, "e", metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return true, nil
		}
		return false, err
	})
	if err != nil {
		t.Fatalf("the event did not expire: %v", err)
	}

	// Every other resource sits under kube-apiserver's key.
	if _, err := client.CoreV1().ConfigMaps("keys").Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "c"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.CoreV1().LimitRanges("keys").Create(ctx, &corev1.LimitRange{ObjectMeta: metav1.ObjectMeta{Name: "l"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.CoreV1().ResourceQuotas("keys").Create(ctx, &corev1.ResourceQuota{ObjectMeta: metav1.ObjectMeta{Name: "q"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	lease, err := client.CoordinationV1().Leases("keys").Update(ctx, leaseNamed("keys", "lease"), metav1.UpdateOptions{})
	if err != nil || lease.Name != "lease" {
		t.Fatal(err)
	}
	for _, key := range []string{"/registry/configmaps/keys/c", "/registry/limitranges/keys/l", "/registry/resourcequotas/keys/q", "/registry/leases/keys/lease"} {
		resp, err := etcdClient.Get(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Kvs) != 1 {
			t.Errorf("etcd key %s missing", key)
		}
	}
}

// readEtcd decodes the protobuf object at key into into, without defaulting, so that it shows what
// is stored, and returns the etcd lease the key is attached to (0 for none).
func readEtcd(t *testing.T, ctx context.Context, etcdClient *clientv3.Client, key string, into runtime.Object) int64 {
	t.Helper()
	resp, err := etcdClient.Get(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Kvs) != 1 {
		t.Fatalf("etcd key %s missing", key)
	}
	obj, gvk, err := scheme.Codecs.UniversalDeserializer().Decode(resp.Kvs[0].Value, nil, into)
	if err != nil {
		t.Fatalf("decoding %s: %v", key, err)
	}
	if obj != into {
		t.Fatalf("%s holds a %s, not a %T", key, gvk, into)
	}
	into.GetObjectKind().SetGroupVersionKind(*gvk)
	return resp.Kvs[0].Lease
}

func leaseNamed(namespace, name string) *coordinationv1.Lease {
	return &coordinationv1.Lease{ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: name}}
}
