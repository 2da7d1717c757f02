package node

import (
	"sync"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/component-helpers/storage/ephemeral"

	"github.com/kapi-dev/kapi/pkg/apis/core/podrefs"
)

// Kind is a kind of object the graph relates to nodes.
type Kind byte

// The kinds of objects a node may reach through the graph.
const (
	Pod Kind = iota
	Secret
	ConfigMap
	PersistentVolumeClaim
	PersistentVolume
	ServiceAccount
	ResourceClaim
	VolumeAttachment
	ResourceSlice
	PodCertificateRequest
)

// object names an object of the graph; namespace is empty for cluster-scoped kinds.
type object struct {
	kind            Kind
	namespace, name string
}

// Graph relates nodes to the objects their kubelets need: the pods bound to a node, what those pods
// reference (secrets, config maps, claims and their volumes, service accounts, resource claims), and
// the volume attachments and resource slices of the node. Upstream keeps a general graph and walks
// it; every path in it has a fixed shape (object → pod → node, secret → volume → claim → pod → node,
// or object → node), so Graph keeps, for each referenced object, how many pods of each node reference
// it, and answers a query with map lookups.
type Graph struct {
	mu sync.RWMutex
	// pods are the bound pods, by namespace and name, with what they reference.
	pods map[object]boundPod
	// podRefs counts, for every object some bound pod references, its referencing pods by node.
	podRefs map[object]map[string]int
	// volumes are the persistent volumes bound to a claim.
	volumes map[string]boundVolume
	// claimVolumes are the volumes whose claimRef names a claim.
	claimVolumes map[object]map[string]struct{}
	// secretVolumes are the volumes naming a secret the kubelet reads.
	secretVolumes map[object]map[string]struct{}
	// onNode are the objects bound straight to a node: volume attachments, resource slices and pod
	// certificate requests.
	onNode map[object]string
}

type boundPod struct {
	node string
	refs []object
}

type boundVolume struct {
	claim   object
	secrets []object
}

// NewGraph returns an empty graph.
func NewGraph() *Graph {
	return &Graph{
		pods:          map[object]boundPod{},
		podRefs:       map[object]map[string]int{},
		volumes:       map[string]boundVolume{},
		claimVolumes:  map[object]map[string]struct{}{},
		secretVolumes: map[object]map[string]struct{}{},
		onNode:        map[object]string{},
	}
}

// SetPod records pod, which must be bound, replacing what was known of a pod of that name. A mirror
// pod is related to its node only: a node creates mirror pods itself and must not gain access to
// anything through them.
func (g *Graph) SetPod(pod *corev1.Pod) {
	key := object{Pod, pod.Namespace, pod.Name}
	entry := boundPod{node: pod.Spec.NodeName}
	if _, mirror := pod.Annotations[corev1.MirrorPodAnnotationKey]; !mirror {
		entry.refs = podReferences(pod)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.deletePodLocked(key)
	g.pods[key] = entry
	for _, r := range entry.refs {
		byNode := g.podRefs[r]
		if byNode == nil {
			byNode = map[string]int{}
			g.podRefs[r] = byNode
		}
		byNode[entry.node]++
	}
}

// DeletePod forgets the pod namespace/name.
func (g *Graph) DeletePod(namespace, name string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.deletePodLocked(object{Pod, namespace, name})
}

func (g *Graph) deletePodLocked(key object) {
	old, ok := g.pods[key]
	if !ok {
		return
	}
	delete(g.pods, key)
	for _, r := range old.refs {
		byNode := g.podRefs[r]
		if byNode[old.node]--; byNode[old.node] <= 0 {
			delete(byNode, old.node)
		}
		if len(byNode) == 0 {
			delete(g.podRefs, r)
		}
	}
}

// podReferences returns, once each, the objects a pod's kubelet reads for it.
func podReferences(pod *corev1.Pod) []object {
	seen := map[object]struct{}{}
	var refs []object
	add := func(kind Kind, name string) bool {
		o := object{kind, pod.Namespace, name}
		if _, dup := seen[o]; !dup {
			seen[o] = struct{}{}
			refs = append(refs, o)
		}
		return true
	}
	if pod.Spec.ServiceAccountName != "" {
		add(ServiceAccount, pod.Spec.ServiceAccountName)
	}
	podrefs.SecretNames(pod, func(name string) bool { return add(Secret, name) })
	podrefs.ConfigMapNames(pod, func(name string) bool { return add(ConfigMap, name) })
	for i := range pod.Spec.Volumes {
		v := &pod.Spec.Volumes[i]
		switch {
		case v.PersistentVolumeClaim != nil:
			add(PersistentVolumeClaim, v.PersistentVolumeClaim.ClaimName)
		case v.Ephemeral != nil:
			add(PersistentVolumeClaim, ephemeral.VolumeClaimName(pod, v))
		}
	}
	for i := range pod.Spec.ResourceClaims {
		// A claim not created yet, or one that is not needed, grants nothing until the pod's status
		// names it.
		if name, err := podrefs.ResourceClaimName(pod, &pod.Spec.ResourceClaims[i]); err == nil && name != nil {
			add(ResourceClaim, *name)
		}
	}
	if s := pod.Status.ExtendedResourceClaimStatus; s != nil && s.ResourceClaimName != "" {
		add(ResourceClaim, s.ResourceClaimName)
	}
	return refs
}

// SetPersistentVolume records pv, replacing what was known of it; only a volume bound to a claim
// relates to nodes, through the pods using the claim.
func (g *Graph) SetPersistentVolume(pv *corev1.PersistentVolume) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.deleteVolumeLocked(pv.Name)
	if pv.Spec.ClaimRef == nil {
		return
	}
	entry := boundVolume{claim: object{PersistentVolumeClaim, pv.Spec.ClaimRef.Namespace, pv.Spec.ClaimRef.Name}}
	podrefs.PVSecrets(pv, func(namespace, name string, kubeletVisible bool) bool {
		if kubeletVisible {
			entry.secrets = append(entry.secrets, object{Secret, namespace, name})
		}
		return true
	})
	g.volumes[pv.Name] = entry
	addToSet(g.claimVolumes, entry.claim, pv.Name)
	for _, s := range entry.secrets {
		addToSet(g.secretVolumes, s, pv.Name)
	}
}

// DeletePersistentVolume forgets the volume name.
func (g *Graph) DeletePersistentVolume(name string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.deleteVolumeLocked(name)
}

func (g *Graph) deleteVolumeLocked(name string) {
	old, ok := g.volumes[name]
	if !ok {
		return
	}
	delete(g.volumes, name)
	removeFromSet(g.claimVolumes, old.claim, name)
	for _, s := range old.secrets {
		removeFromSet(g.secretVolumes, s, name)
	}
}

// SetVolumeAttachment records that the attachment name is for node; an empty node forgets it.
func (g *Graph) SetVolumeAttachment(name, node string) {
	g.setOnNode(object{VolumeAttachment, "", name}, node)
}

// SetResourceSlice records that the slice name publishes node's devices; an empty node, for a slice
// of no single node, forgets it.
func (g *Graph) SetResourceSlice(name, node string) {
	g.setOnNode(object{ResourceSlice, "", name}, node)
}

// SetPodCertificateRequest records that the request namespace/name is for a pod on node; an empty
// node forgets it. NodeRestriction checks at creation that the node, pod and service account it
// names belong together, so the request is related to its node directly.
func (g *Graph) SetPodCertificateRequest(namespace, name, node string) {
	g.setOnNode(object{PodCertificateRequest, namespace, name}, node)
}

func (g *Graph) setOnNode(o object, node string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if node == "" {
		delete(g.onNode, o)
		return
	}
	g.onNode[o] = node
}

// Related tells whether node's kubelet needs the object of kind named namespace/name.
func (g *Graph) Related(node string, kind Kind, namespace, name string) bool {
	g.mu.RLock()
	defer g.mu.RUnlock()
	o := object{kind, namespace, name}
	switch kind {
	case Pod:
		p, ok := g.pods[o]
		return ok && p.node == node
	case VolumeAttachment, ResourceSlice, PodCertificateRequest:
		return g.onNode[o] == node
	case PersistentVolume:
		v, ok := g.volumes[name]
		return ok && g.podRefs[v.claim][node] > 0
	case Secret:
		if g.podRefs[o][node] > 0 {
			return true
		}
		for pv := range g.secretVolumes[o] {
			if g.podRefs[g.volumes[pv].claim][node] > 0 {
				return true
			}
		}
		return false
	default:
		return g.podRefs[o][node] > 0
	}
}

func addToSet(m map[object]map[string]struct{}, key object, name string) {
	set := m[key]
	if set == nil {
		set = map[string]struct{}{}
		m[key] = set
	}
	set[name] = struct{}{}
}

func removeFromSet(m map[object]map[string]struct{}, key object, name string) {
	delete(m[key], name)
	if len(m[key]) == 0 {
		delete(m, key)
	}
}
