// Package defaultservicecidr keeps the default ServiceCIDR, `kubernetes`, in line with
// --service-cluster-ip-range, as kube-apiserver's default-servicecidr controller does: it creates the
// object when it is missing, upgrades a single-stack one to the flag's dual-stack ranges, and sets its
// Ready condition when the object matches the flag. A ServiceCIDR that does not match is reported and
// left alone: an administrator changed the range and must reconcile flag and object.
package defaultservicecidr

import (
	"context"
	"net/netip"
	"slices"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	apimeta "k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	metav1apply "k8s.io/client-go/applyconfigurations/meta/v1"
	networkingv1apply "k8s.io/client-go/applyconfigurations/networking/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/tools/record"
	"k8s.io/klog/v2"
)

const (
	// Name is the name of the default ServiceCIDR.
	Name = "kubernetes"
	// ControllerName is the field manager of the status writes and the source of the events.
	ControllerName = "kubernetes-service-cidr-controller"
	// Interval is how often the default ServiceCIDR is checked after the first success.
	Interval = 10 * time.Second
	// ReadyMessage is the message of the Ready condition the controller sets.
	ReadyMessage = "Kubernetes default Service CIDR is ready"

	// firstSyncPoll is the retry period of the first sync, which holds up the server's readiness.
	firstSyncPoll = 100 * time.Millisecond
	reasonError   = "KubernetesDefaultServiceCIDRError"
)

// Controller reconciles the default ServiceCIDR.
type Controller struct {
	client kubernetes.Interface
	// cidrs are the flag's ranges in the flag's order: the first is the default IP family.
	cidrs    []string
	recorder record.EventRecorder

	reportedMismatch bool
	reportedNotReady bool
}

// New returns a controller that keeps the default ServiceCIDR at cidrs through client, reporting
// problems as events through recorder.
func New(client kubernetes.Interface, cidrs []netip.Prefix, recorder record.EventRecorder) *Controller {
	c := &Controller{client: client, recorder: recorder}
	for _, p := range cidrs {
		c.cidrs = append(c.cidrs, p.Masked().String())
	}
	return c
}

// NewRecorder returns an event recorder that writes core/v1 events through client, and the function
// that stops it.
func NewRecorder(ctx context.Context, client kubernetes.Interface) (record.EventRecorder, func()) {
	broadcaster := record.NewBroadcaster(record.WithContext(ctx))
	broadcaster.StartStructuredLogging(0)
	broadcaster.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: client.CoreV1().Events("")})
	return broadcaster.NewRecorder(scheme.Scheme, corev1.EventSource{Component: ControllerName}), broadcaster.Shutdown
}

// Start syncs until the first sync succeeds or ctx ends, then keeps syncing every Interval in the
// background until ctx ends. Services cannot get cluster IPs before the default ServiceCIDR exists,
// so the server is not ready before Start returns.
func (c *Controller) Start(ctx context.Context) {
	err := wait.PollUntilContextCancel(ctx, firstSyncPoll, true, func(ctx context.Context) (bool, error) {
		return c.sync(ctx) == nil, nil
	})
	if err != nil {
		klog.InfoS("The default ServiceCIDR was not initialized", "err", err)
	}
	go wait.UntilWithContext(ctx, func(ctx context.Context) {
		if err := c.sync(ctx); err != nil {
			klog.InfoS("Syncing the default ServiceCIDR failed", "err", err)
		}
	}, Interval)
}

func (c *Controller) sync(ctx context.Context) error {
	cidr, err := c.client.NetworkingV1().ServiceCIDRs().Get(ctx, Name, metav1.GetOptions{})
	if err == nil {
		if len(c.cidrs) == 2 && len(cidr.Spec.CIDRs) == 1 && cidr.Spec.CIDRs[0] == c.cidrs[0] {
			c.upgradeToDualStack(ctx, cidr)
			return nil
		}
		c.syncStatus(ctx, cidr)
		return nil
	}
	if !apierrors.IsNotFound(err) {
		return err
	}
	klog.InfoS("Creating the default ServiceCIDR", "cidrs", c.cidrs)
	cidr = &networkingv1.ServiceCIDR{
		ObjectMeta: metav1.ObjectMeta{Name: Name},
		Spec:       networkingv1.ServiceCIDRSpec{CIDRs: c.cidrs},
	}
	created, err := c.client.NetworkingV1().ServiceCIDRs().Create(ctx, cidr, metav1.CreateOptions{})
	switch {
	case apierrors.IsAlreadyExists(err):
		// Another server created it; its status is synced on the next pass.
		return nil
	case err != nil:
		c.recorder.Eventf(cidr, corev1.EventTypeWarning, reasonError, "The default ServiceCIDR can not be created")
		return err
	}
	c.syncStatus(ctx, created)
	return nil
}

func (c *Controller) upgradeToDualStack(ctx context.Context, cidr *networkingv1.ServiceCIDR) {
	klog.InfoS("Updating the default ServiceCIDR from single-stack to dual-stack", "from", cidr.Spec.CIDRs, "to", c.cidrs)
	updated := cidr.DeepCopy()
	updated.Spec.CIDRs = c.cidrs
	if _, err := c.client.NetworkingV1().ServiceCIDRs().Update(ctx, updated, metav1.UpdateOptions{}); err != nil {
		klog.InfoS("The default ServiceCIDR can not be upgraded to dual-stack", "from", c.cidrs[0], "to", c.cidrs, "err", err)
		c.recorder.Eventf(cidr, corev1.EventTypeWarning, reasonError, "The default ServiceCIDR can not be upgraded from %s to dual stack %v : %v", c.cidrs[0], c.cidrs, err)
	}
}

// syncStatus sets Ready=True on a default ServiceCIDR that matches the flag and has no Ready verdict
// yet. Ready=False was set by someone else and needs an administrator, so it is only reported; a
// ServiceCIDR being deleted is the finalizing controller's business.
func (c *Controller) syncStatus(ctx context.Context, cidr *networkingv1.ServiceCIDR) {
	if cidr.DeletionTimestamp != nil {
		return
	}
	if !slices.Equal(c.cidrs, cidr.Spec.CIDRs) {
		if !c.reportedMismatch {
			klog.InfoS("The default ServiceCIDR does not match --service-cluster-ip-range; change the flag or delete the ServiceCIDR", "flag", c.cidrs, "serviceCIDR", cidr.Spec.CIDRs)
			c.recorder.Eventf(cidr, corev1.EventTypeWarning, "KubernetesDefaultServiceCIDRInconsistent", "The default ServiceCIDR %v does not match the controller flag configurations %s", cidr.Spec.CIDRs, c.cidrs)
			c.reportedMismatch = true
		}
		return
	}
	ready := apimeta.FindStatusCondition(cidr.Status.Conditions, networkingv1.ServiceCIDRConditionReady)
	switch {
	case ready != nil && ready.Status == metav1.ConditionFalse:
		if !c.reportedNotReady {
			klog.InfoS("The default ServiceCIDR is not Ready although it matches the flag; check the cluster's network configuration", "reason", ready.Reason, "message", ready.Message)
			c.recorder.Event(cidr, corev1.EventTypeWarning, ready.Reason, "Configuration matches, but "+ready.Message)
			c.reportedNotReady = true
		}
	case ready != nil && ready.Status == metav1.ConditionTrue:
	default:
		status := networkingv1apply.ServiceCIDRStatus().WithConditions(metav1apply.Condition().
			WithType(networkingv1.ServiceCIDRConditionReady).
			WithStatus(metav1.ConditionTrue).
			WithMessage(ReadyMessage).
			WithLastTransitionTime(metav1.Now()))
		apply := networkingv1apply.ServiceCIDR(Name).WithStatus(status)
		if _, err := c.client.NetworkingV1().ServiceCIDRs().ApplyStatus(ctx, apply, metav1.ApplyOptions{FieldManager: ControllerName, Force: true}); err != nil {
			klog.InfoS("Setting the default ServiceCIDR Ready failed", "err", err)
			c.recorder.Eventf(cidr, corev1.EventTypeWarning, reasonError, "The default ServiceCIDR Status can not be set to Ready=True")
		}
	}
}
