package integration

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	corev1apply "k8s.io/client-go/applyconfigurations/core/v1"
	storagev1apply "k8s.io/client-go/applyconfigurations/storage/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

var storageClients = []struct {
	name   string
	client func(testing.TB) kubernetes.Interface
}{{"json", jsonClient}, {"protobuf", protobufClient}}

func storageAttachment(name string) *storagev1.VolumeAttachment {
	return &storagev1.VolumeAttachment{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: storagev1.VolumeAttachmentSpec{
			Attacher: "csi.example.com",
			NodeName: "node-1",
			Source:   storagev1.VolumeAttachmentSource{PersistentVolumeName: ptr("pv-" + name)},
		},
	}
}

func TestStorageGroupStorageClasses(t *testing.T) {
	ctx := context.Background()
	for _, tc := range storageClients {
		t.Run(tc.name, func(t *testing.T) {
			classes := tc.client(t).StorageV1().StorageClasses()
			name := "standard-" + tc.name
			sc, err := classes.Create(ctx, &storagev1.StorageClass{
				ObjectMeta:  metav1.ObjectMeta{Name: name, Annotations: map[string]string{"storageclass.kubernetes.io/is-default-class": "true"}},
				Provisioner: "csi.example.com",
				Parameters:  map[string]string{"type": "ssd"},
			}, metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if *sc.ReclaimPolicy != corev1.PersistentVolumeReclaimDelete || *sc.VolumeBindingMode != storagev1.VolumeBindingImmediate {
				t.Errorf("created class reclaims %v and binds %v, want Delete and Immediate", *sc.ReclaimPolicy, *sc.VolumeBindingMode)
			}

			sc.AllowVolumeExpansion = ptr(true)
			if sc, err = classes.Update(ctx, sc, metav1.UpdateOptions{}); err != nil || !*sc.AllowVolumeExpansion {
				t.Fatalf("enabling expansion: %v", err)
			}
			sc.Parameters = map[string]string{"type": "hdd"}
			sc.ReclaimPolicy = ptr(corev1.PersistentVolumeReclaimRetain)
			sc.VolumeBindingMode = ptr(storagev1.VolumeBindingWaitForFirstConsumer)
			_, err = classes.Update(ctx, sc, metav1.UpdateOptions{})
			expectInvalid(t, err, "storage.k8s.io", "StorageClass", name,
				"parameters: Forbidden: updates to parameters are forbidden.",
				"reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.",
				`volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable`)

			_, err = classes.Create(ctx, &storagev1.StorageClass{
				ObjectMeta:    metav1.ObjectMeta{Name: "bad-" + tc.name},
				ReclaimPolicy: ptr(corev1.PersistentVolumeReclaimRecycle),
			}, metav1.CreateOptions{})
			expectInvalid(t, err, "storage.k8s.io", "StorageClass", "bad-"+tc.name,
				"provisioner: Required value",
				`reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"`)

			cols, rows := tableCells(t, "/apis/storage.k8s.io/v1/storageclasses/"+name, "")
			if got := strings.Join(cols, ","); got != "Name,Provisioner,ReclaimPolicy,VolumeBindingMode,AllowVolumeExpansion,Age" {
				t.Errorf("columns = %s", got)
			}
			if got := strings.Join(rows[0][:5], ","); got != name+" (default),csi.example.com,Delete,Immediate,true" {
				t.Errorf("row = %s", got)
			}
		})
	}
}

func TestStorageGroupCSIDrivers(t *testing.T) {
	ctx := context.Background()
	for _, tc := range storageClients {
		t.Run(tc.name, func(t *testing.T) {
			drivers := tc.client(t).StorageV1().CSIDrivers()
			name := tc.name + ".csi.example.com"
			d, err := drivers.Create(ctx, &storagev1.CSIDriver{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			want := storagev1.CSIDriverSpec{
				AttachRequired: ptr(true), PodInfoOnMount: ptr(false), StorageCapacity: ptr(false),
				FSGroupPolicy:        ptr(storagev1.ReadWriteOnceWithFSTypeFSGroupPolicy),
				VolumeLifecycleModes: []storagev1.VolumeLifecycleMode{storagev1.VolumeLifecyclePersistent},
				RequiresRepublish:    ptr(false), SELinuxMount: ptr(false),
			}
			if !reflect.DeepEqual(d.Spec, want) || d.Generation != 0 {
				t.Errorf("created spec %+v, generation %d; want %+v and 0", d.Spec, d.Generation, want)
			}

			d.Spec.PodInfoOnMount = ptr(true)
			if d, err = drivers.Update(ctx, d, metav1.UpdateOptions{}); err != nil || d.Generation != 1 {
				t.Fatalf("podInfoOnMount update: generation %d, %v; want 1", d.Generation, err)
			}
			d.Spec.AttachRequired = ptr(false)
			_, err = drivers.Update(ctx, d, metav1.UpdateOptions{})
			expectInvalid(t, err, "storage.k8s.io", "CSIDriver", name, "spec.attachedRequired: Invalid value: false: field is immutable")

			d.Spec.AttachRequired = ptr(true)
			d.ResourceVersion = ""
			_, err = drivers.Update(ctx, d, metav1.UpdateOptions{})
			// The generic registry names the resource, not the kind, in this error, as in kube-apiserver.
			expectInvalidCause(t, err, "metadata.resourceVersion", metav1.CauseTypeFieldValueInvalid, "must be specified for an update")

			_, err = drivers.Create(ctx, &storagev1.CSIDriver{
				ObjectMeta: metav1.ObjectMeta{Name: "tokens-" + name},
				Spec:       storagev1.CSIDriverSpec{TokenRequests: []storagev1.TokenRequest{{Audience: "vault", ExpirationSeconds: ptr(int64(60))}}, NodeAllocatableUpdatePeriodSeconds: ptr(int64(5))},
			}, metav1.CreateOptions{})
			expectInvalid(t, err, "storage.k8s.io", "CSIDriver", "tokens-"+name,
				"spec.tokenRequests[0].expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes",
				"spec.nodeAllocatableUpdatePeriodSeconds: Invalid value: 5: must be greater than or equal to 10 seconds")

			cols, rows := tableCells(t, "/apis/storage.k8s.io/v1/csidrivers/"+name, "")
			if got := strings.Join(cols, ","); got != "Name,AttachRequired,PodInfoOnMount,StorageCapacity,TokenRequests,RequiresRepublish,Modes,Age" {
				t.Errorf("columns = %s", got)
			}
			if got := strings.Join(rows[0][:7], ","); got != name+",true,true,false,<unset>,false,Persistent" {
				t.Errorf("row = %s", got)
			}
		})
	}
}

func TestStorageGroupVolumeAttachments(t *testing.T) {
	ctx := context.Background()
	for _, tc := range storageClients {
		t.Run(tc.name, func(t *testing.T) {
			attachments := tc.client(t).StorageV1().VolumeAttachments()
			name := "va-" + tc.name
			in := storageAttachment(name)
			in.Status.Attached = true
			va, err := attachments.Create(ctx, in, metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if va.Status.Attached {
				t.Error("create kept the status the client sent")
			}

			va.Status = storagev1.VolumeAttachmentStatus{Attached: true, AttachmentMetadata: map[string]string{"device": "/dev/sdb"}}
			va.Spec.NodeName = "node-2"
			va.Labels = map[string]string{"written": "by-status"}
			if va, err = attachments.UpdateStatus(ctx, va, metav1.UpdateOptions{}); err != nil {
				t.Fatal(err)
			}
			if !va.Status.Attached || va.Spec.NodeName != "node-1" || va.Labels != nil {
				t.Errorf("status write: attached %v, node %s, labels %v; want the status written, the spec and labels kept", va.Status.Attached, va.Spec.NodeName, va.Labels)
			}

			va.Status.Attached = false
			va.Spec.NodeName = "node-2"
			_, err = attachments.Update(ctx, va, metav1.UpdateOptions{})
			expectInvalid(t, err, "storage.k8s.io", "VolumeAttachment", name,
				`spec: Invalid value: {"Attacher":"csi.example.com","Source":{"PersistentVolumeName":"pv-`+name+`","InlineVolumeSpec":null},"NodeName":"node-2"}: field is immutable`)

			va.Spec.NodeName = "node-1"
			if va, err = attachments.Update(ctx, va, metav1.UpdateOptions{}); err != nil || !va.Status.Attached {
				t.Fatalf("main-resource update: attached %v, %v; want the stored status kept", va.Status.Attached, err)
			}

			bad := storageAttachment("bad-" + tc.name)
			bad.Spec.Attacher = "Not_A_Driver"
			bad.Spec.Source.InlineVolumeSpec = &corev1.PersistentVolumeSpec{}
			_, err = attachments.Create(ctx, bad, metav1.CreateOptions{})
			expectInvalidCause(t, err, "spec.source", metav1.CauseTypeForbidden, "must specify exactly one of inlineVolumeSpec and persistentVolumeName")
			expectInvalidCause(t, err, "spec.attacher", metav1.CauseTypeFieldValueInvalid, "a lowercase RFC 1123 subdomain")

			cols, rows := tableCells(t, "/apis/storage.k8s.io/v1/volumeattachments/"+name, "")
			if got := strings.Join(cols, ","); got != "Name,Attacher,PV,Node,Attached,Age" {
				t.Errorf("columns = %s", got)
			}
			if got := strings.Join(rows[0][:5], ","); got != name+",csi.example.com,pv-"+name+",node-1,true" {
				t.Errorf("row = %s", got)
			}
		})
	}
}

func TestStorageGroupNodesCapacitiesAndAttributeClasses(t *testing.T) {
	ctx := context.Background()
	for _, tc := range storageClients {
		t.Run(tc.name, func(t *testing.T) {
			client := tc.client(t)
			storage := client.StorageV1()
			node := "node-" + tc.name
			csiNode, err := storage.CSINodes().Create(ctx, &storagev1.CSINode{
				ObjectMeta: metav1.ObjectMeta{Name: node},
				Spec:       storagev1.CSINodeSpec{Drivers: []storagev1.CSINodeDriver{{Name: "csi.example.com", NodeID: "i-1", TopologyKeys: []string{"topology.kubernetes.io/zone"}}}},
				Status:     storagev1.CSINodeStatus{StorageHealth: []storagev1.StorageHealth{{Name: "csi.example.com"}}},
			}, metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if csiNode.Status.StorageHealth != nil {
				t.Errorf("created CSINode kept status %+v", csiNode.Status)
			}
			csiNode.Spec.Drivers[0].NodeID = "i-2"
			_, err = storage.CSINodes().Update(ctx, csiNode, metav1.UpdateOptions{})
			expectInvalid(t, err, "storage.k8s.io", "CSINode", node,
				`spec.drivers: Invalid value: {"Name":"csi.example.com","NodeID":"i-2","TopologyKeys":["topology.kubernetes.io/zone"],"Allocatable":null}: field is immutable`)

			ns := "storage-" + tc.name
			createNamespace(t, client, ns)
			capacities := storage.CSIStorageCapacities(ns)
			capacity, err := capacities.Create(ctx, &storagev1.CSIStorageCapacity{
				ObjectMeta:       metav1.ObjectMeta{Name: "zone-a"},
				NodeTopology:     &metav1.LabelSelector{MatchLabels: map[string]string{"topology.kubernetes.io/zone": "a"}},
				StorageClassName: "fast",
				Capacity:         ptr(resource.MustParse("10Gi")),
			}, metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			capacity.StorageClassName = "slow"
			_, err = capacities.Update(ctx, capacity, metav1.UpdateOptions{})
			expectInvalid(t, err, "storage.k8s.io", "CSIStorageCapacity", "zone-a", `storageClassName: Invalid value: "slow": field is immutable`)
			cols, rows := tableCells(t, "/apis/storage.k8s.io/v1/namespaces/"+ns+"/csistoragecapacities", "")
			if got := strings.Join(cols, ","); got != "Name,StorageClassName,Capacity" {
				t.Errorf("columns = %s", got)
			}
			if len(rows) != 1 || strings.Join(rows[0], ",") != "zone-a,fast,10Gi" {
				t.Errorf("rows = %q", rows)
			}

			vacs := storage.VolumeAttributesClasses()
			vacName := "gold-" + tc.name
			vac, err := vacs.Create(ctx, &storagev1.VolumeAttributesClass{
				ObjectMeta: metav1.ObjectMeta{Name: vacName}, DriverName: "csi.example.com", Parameters: map[string]string{"iops": "3000"},
			}, metav1.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			vac.Parameters = map[string]string{"iops": "5000"}
			_, err = vacs.Update(ctx, vac, metav1.UpdateOptions{})
			expectInvalid(t, err, "storage.k8s.io", "VolumeAttributesClass", vacName, "parameters: Forbidden: updates to parameters are forbidden.")
			_, err = vacs.Create(ctx, &storagev1.VolumeAttributesClass{ObjectMeta: metav1.ObjectMeta{Name: "empty-" + tc.name}, DriverName: "csi.example.com"}, metav1.CreateOptions{})
			expectInvalid(t, err, "storage.k8s.io", "VolumeAttributesClass", "empty-"+tc.name, "parameters: Required value: must contain at least one key/value pair")

			if cols, _ := tableCells(t, "/apis/storage.k8s.io/v1/csinodes/"+node, ""); strings.Join(cols, ",") != "Name,Drivers,Age" {
				t.Errorf("CSINode columns = %v", cols)
			}
			if cols, _ := tableCells(t, "/apis/storage.k8s.io/v1/volumeattributesclasses/"+vacName, ""); strings.Join(cols, ",") != "Name,DriverName,Age" {
				t.Errorf("VolumeAttributesClass columns = %v", cols)
			}
		})
	}
}

func TestStorageGroupDiscovery(t *testing.T) {
	list, err := jsonClient(t).Discovery().ServerResourcesForGroupVersion("storage.k8s.io/v1")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range list.APIResources {
		got[r.Name] = strings.Join([]string{r.Kind, strings.Join(r.Verbs, ","), strings.Join(r.ShortNames, ","), map[bool]string{true: "namespaced", false: "cluster"}[r.Namespaced]}, " ")
	}
	all := "create,delete,deletecollection,get,list,patch,update,watch"
	want := map[string]string{
		"csidrivers":               "CSIDriver " + all + "  cluster",
		"csinodes":                 "CSINode " + all + "  cluster",
		"csistoragecapacities":     "CSIStorageCapacity " + all + "  namespaced",
		"storageclasses":           "StorageClass " + all + " sc cluster",
		"volumeattachments":        "VolumeAttachment " + all + "  cluster",
		"volumeattachments/status": "VolumeAttachment get,patch,update  cluster",
		"volumeattributesclasses":  "VolumeAttributesClass " + all + " vac cluster",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("storage.k8s.io/v1 discovery =\n%v\nwant\n%v", got, want)
	}
}

// TestStorageGroupEtcdKeys checks that each storage.k8s.io resource lands under kube-apiserver's key,
// in protobuf, as its storage.k8s.io/v1 kind.
func TestStorageGroupEtcdKeys(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	etcd := startEtcd(t)
	kapi := startServer(t, "--etcd-servers="+etcd.ClientURLs()[0])
	etcdClient := etcdClient(t, etcd)
	client := kubernetes.NewForConfigOrDie(kapi.ClientConfig)
	createNamespace(t, client, "keys")
	storage := client.StorageV1()
	create := []func() error{
		func() error {
			_, err := storage.StorageClasses().Create(ctx, &storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: "sc1"}, Provisioner: "csi.example.com"}, metav1.CreateOptions{})
			return err
		},
		func() error {
			_, err := storage.VolumeAttachments().Create(ctx, storageAttachment("va1"), metav1.CreateOptions{})
			return err
		},
		func() error {
			_, err := storage.CSIDrivers().Create(ctx, &storagev1.CSIDriver{ObjectMeta: metav1.ObjectMeta{Name: "csid1"}}, metav1.CreateOptions{})
			return err
		},
		func() error {
			_, err := storage.CSINodes().Create(ctx, &storagev1.CSINode{ObjectMeta: metav1.ObjectMeta{Name: "csin1"}}, metav1.CreateOptions{})
			return err
		},
		func() error {
			_, err := storage.CSIStorageCapacities("keys").Create(ctx, &storagev1.CSIStorageCapacity{ObjectMeta: metav1.ObjectMeta{Name: "csc1"}, StorageClassName: "sc1"}, metav1.CreateOptions{})
			return err
		},
		func() error {
			_, err := storage.VolumeAttributesClasses().Create(ctx, &storagev1.VolumeAttributesClass{ObjectMeta: metav1.ObjectMeta{Name: "vac1"}, DriverName: "csi.example.com", Parameters: map[string]string{"a": "b"}}, metav1.CreateOptions{})
			return err
		},
	}
	for _, c := range create {
		if err := c(); err != nil {
			t.Fatal(err)
		}
	}

	sc := &storagev1.StorageClass{}
	readEtcd(t, ctx, etcdClient, "/registry/storageclasses/sc1", sc)
	if sc.APIVersion != "storage.k8s.io/v1" || sc.Kind != "StorageClass" || *sc.ReclaimPolicy != corev1.PersistentVolumeReclaimDelete {
		t.Errorf("stored class = %s %s %v, want a defaulted storage.k8s.io/v1 StorageClass", sc.APIVersion, sc.Kind, sc.ReclaimPolicy)
	}
	d := &storagev1.CSIDriver{}
	readEtcd(t, ctx, etcdClient, "/registry/csidrivers/csid1", d)
	if d.Kind != "CSIDriver" || !*d.Spec.AttachRequired {
		t.Errorf("stored driver = %s %+v, want a defaulted CSIDriver", d.Kind, d.Spec)
	}
	keys := map[string]string{
		"/registry/volumeattachments/va1":          "VolumeAttachment",
		"/registry/csinodes/csin1":                 "CSINode",
		"/registry/csistoragecapacities/keys/csc1": "CSIStorageCapacity",
		"/registry/volumeattributesclasses/vac1":   "VolumeAttributesClass",
		"/registry/storageclasses/sc1":             "StorageClass",
		"/registry/csidrivers/csid1":               "CSIDriver",
	}
	for key, kind := range keys {
		resp, err := etcdClient.Get(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Kvs) != 1 {
			t.Errorf("%s (%s) missing", key, kind)
			continue
		}
		value := resp.Kvs[0].Value
		if !bytes.HasPrefix(value, []byte("k8s\x00")) {
			t.Errorf("%s is stored as %q..., want protobuf", key, value[:min(len(value), 16)])
		}
		if !bytes.Contains(value, []byte("storage.k8s.io/v1")) || !bytes.Contains(value, []byte(kind)) {
			t.Errorf("%s does not hold a storage.k8s.io/v1 %s", key, kind)
		}
	}
}

// storageWarnings records the warnings a client is sent.
type storageWarnings struct {
	mu   sync.Mutex
	seen []string
}

func (w *storageWarnings) HandleWarningHeader(code int, agent, text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.seen = append(w.seen, text)
}

func TestStorageGroupApplyAndWarnings(t *testing.T) {
	ctx := context.Background()
	warnings := &storageWarnings{}
	config := rest.CopyConfig(server.ClientConfig)
	config.WarningHandler = warnings
	client := kubernetes.NewForConfigOrDie(config)

	sc, err := client.StorageV1().StorageClasses().Apply(ctx,
		storagev1apply.StorageClass("zonal").WithProvisioner("csi.example.com").WithAllowedTopologies(
			corev1apply.TopologySelectorTerm().WithMatchLabelExpressions(
				corev1apply.TopologySelectorLabelRequirement().WithKey("failure-domain.beta.kubernetes.io/zone").WithValues("a"))),
		metav1.ApplyOptions{FieldManager: "storage-test"})
	if err != nil {
		t.Fatal(err)
	}
	if *sc.VolumeBindingMode != storagev1.VolumeBindingImmediate {
		t.Errorf("applied class binds %s, want the Immediate default", *sc.VolumeBindingMode)
	}
	want := `allowedTopologies[0].matchLabelExpressions[0].key: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead`
	warnings.mu.Lock()
	seen := warnings.seen
	warnings.mu.Unlock()
	if len(seen) != 1 || seen[0] != want {
		t.Errorf("warnings = %q, want %q", seen, want)
	}

	va, err := client.StorageV1().VolumeAttachments().Create(ctx, storageAttachment("applied"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	va, err = client.StorageV1().VolumeAttachments().ApplyStatus(ctx,
		storagev1apply.VolumeAttachment(va.Name).WithStatus(storagev1apply.VolumeAttachmentStatus().WithAttached(true)),
		metav1.ApplyOptions{FieldManager: "attacher", Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if !va.Status.Attached || va.Spec.NodeName != "node-1" {
		t.Errorf("status apply: attached %v, node %s; want attached on node-1", va.Status.Attached, va.Spec.NodeName)
	}
}
