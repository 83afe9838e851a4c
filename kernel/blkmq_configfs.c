// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * configfs for the C++ side (include/blkmq/sys.h): one subsystem, whose groups user space
 * makes (mkdir) and removes (rmdir), each with the same attribute files, and attribute files
 * of the subsystem's own (C null_blk's "features").
 *
 * configfs gives each attribute file a show and a store that get the item, not the
 * attribute: the C++ side makes one function per attribute, and this file only lays them
 * out in the kernel's structures. What configfs itself guarantees, and the C++ side relies
 * on: no show or store of a group runs once rmdir has begun its drop (rmdir waits for those
 * running, under the fragment's semaphore, and later ones fail with -ENOENT); make_group and
 * drop_item run under the subsystem's su_mutex; each mkdir and each open attribute file holds
 * a reference to the module (ct_owner, ca_owner), so the module outlives its groups and the
 * subsystem outlives every release. What it does not: attribute calls of different files are
 * not serialised, with each other or with mkdir and rmdir. The subsystem's own mutex (lock)
 * does that: make_group and drop_group run under it here, show and store take it in C++.
 *
 * Linked only into modules that list $(blkmq-configfs-objs) (kernel/blkmq.mk): the others do
 * not depend on configfs.
 *
 * configfs_item_operations and configfs_group_operations are pointed to as const from 6.16 on
 * and as mutable before; they live in the subsystem's allocation, which is either.
 */
#include <linux/configfs.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/string.h>

#include <blkmq/sys.h>

/* The C++ show and store are stored straight into struct configfs_attribute. */
static_assert(__same_type(((struct configfs_attribute *)NULL)->show, blkmq_configfs_show_fn *),
	      "sys.h: blkmq_configfs_show_fn does not match struct configfs_attribute.show");
static_assert(__same_type(((struct configfs_attribute *)NULL)->store, blkmq_configfs_store_fn *),
	      "sys.h: blkmq_configfs_store_fn does not match struct configfs_attribute.store");

struct blkmq_configfs_subsystem {
	struct configfs_subsystem subsystem; /* its su_group.cg_item is the subsystem's item */
	struct blkmq_configfs_config config;
	struct mutex lock;
	struct configfs_item_operations group_item_ops;
	struct configfs_group_operations subsystem_group_ops;
	struct config_item_type group_type;
	struct config_item_type subsystem_type;
	/* NULL-terminated, into attributes[]: the groups' first, then the subsystem's. */
	struct configfs_attribute **group_attrs;
	struct configfs_attribute **subsystem_attrs;
	struct configfs_attribute attributes[];
};

struct blkmq_configfs_group {
	struct config_group group;
	struct blkmq_configfs_subsystem *subsystem;
	void *data;
};

static struct blkmq_configfs_group *to_blkmq_group(struct config_item *item) {
	return container_of(to_config_group(item), struct blkmq_configfs_group, group);
}

static void blkmq_configfs_release(struct config_item *item) {
	struct blkmq_configfs_group *group = to_blkmq_group(item);

	group->subsystem->config.release_group(group->data);
	kfree(group);
}

/* A group's item is released by the function above; the subsystem's own item is not. */
static bool is_group(const struct config_item *item) {
	return item->ci_type->ct_item_ops && item->ci_type->ct_item_ops->release == blkmq_configfs_release;
}

static struct blkmq_configfs_subsystem *subsystem_of(struct config_item *item) {
	if (is_group(item))
		return to_blkmq_group(item)->subsystem;
	return container_of(to_config_group(item), struct blkmq_configfs_subsystem, subsystem.su_group);
}

static struct config_group *blkmq_configfs_make_group(struct config_group *parent, const char *name) {
	struct blkmq_configfs_subsystem *sub =
		container_of(parent, struct blkmq_configfs_subsystem, subsystem.su_group);
	struct blkmq_configfs_group *group = kzalloc(sizeof(*group), GFP_KERNEL);
	void *data = NULL;
	int err;

	if (!group)
		return ERR_PTR(-ENOMEM);
	mutex_lock(&sub->lock);
	err = sub->config.make_group(sub->config.data, name, &data);
	mutex_unlock(&sub->lock);
	if (err) {
		kfree(group);
		return ERR_PTR(err);
	}
	group->subsystem = sub;
	group->data = data;
	config_group_init_type_name(&group->group, name, &sub->group_type);
	return &group->group;
}

static void blkmq_configfs_drop_item(struct config_group *parent, struct config_item *item) {
	struct blkmq_configfs_group *group = to_blkmq_group(item);
	struct blkmq_configfs_subsystem *sub = group->subsystem;

	if (sub->config.drop_group) {
		mutex_lock(&sub->lock);
		sub->config.drop_group(group->data);
		mutex_unlock(&sub->lock);
	}
	config_item_put(item);
}

/* Lays out @nr attributes from @from at @to, and their NULL-terminated list at @list. */
static void lay_out(struct configfs_attribute *to, struct configfs_attribute **list,
		    const struct blkmq_configfs_attribute *from, unsigned int nr) {
	unsigned int i;

	for (i = 0; i < nr; i++) {
		to[i] = (struct configfs_attribute){
			.ca_name = from[i].name,
			.ca_owner = THIS_MODULE,
			.ca_mode = (from[i].show ? 0444 : 0) | (from[i].store ? 0200 : 0),
			.show = from[i].show,
			.store = from[i].store,
		};
		list[i] = &to[i];
	}
	list[nr] = NULL;
}

static void blkmq_configfs_free(struct blkmq_configfs_subsystem *sub) {
	kfree(sub->group_attrs);
	kfree(sub->subsystem_attrs);
	mutex_destroy(&sub->lock);
	kfree(sub);
}

int blkmq_configfs_register(const struct blkmq_configfs_config *config, struct blkmq_configfs_subsystem **out) {
	const unsigned int nr_group = config->nr_group_attributes;
	const unsigned int nr_subsystem = config->nr_subsystem_attributes;
	struct blkmq_configfs_subsystem *sub;
	int err;

	/* Longer names would be allocated by config_item_set_name(), and configfs frees no
	 * subsystem's name. */
	if (strlen(config->name) >= CONFIGFS_ITEM_NAME_LEN)
		return -EINVAL;
	sub = kzalloc(struct_size(sub, attributes, nr_group + nr_subsystem), GFP_KERNEL);
	if (!sub)
		return -ENOMEM;
	mutex_init(&sub->lock);
	sub->group_attrs = kcalloc(nr_group + 1, sizeof(*sub->group_attrs), GFP_KERNEL);
	sub->subsystem_attrs = kcalloc(nr_subsystem + 1, sizeof(*sub->subsystem_attrs), GFP_KERNEL);
	if (!sub->group_attrs || !sub->subsystem_attrs) {
		blkmq_configfs_free(sub);
		return -ENOMEM;
	}
	sub->config = *config;
	lay_out(sub->attributes, sub->group_attrs, config->group_attributes, nr_group);
	lay_out(sub->attributes + nr_group, sub->subsystem_attrs, config->subsystem_attributes, nr_subsystem);

	sub->group_item_ops.release = blkmq_configfs_release;
	sub->group_type.ct_owner = THIS_MODULE;
	sub->group_type.ct_item_ops = &sub->group_item_ops;
	sub->group_type.ct_attrs = sub->group_attrs;

	sub->subsystem_group_ops.make_group = blkmq_configfs_make_group;
	sub->subsystem_group_ops.drop_item = blkmq_configfs_drop_item;
	sub->subsystem_type.ct_owner = THIS_MODULE;
	sub->subsystem_type.ct_group_ops = &sub->subsystem_group_ops;
	sub->subsystem_type.ct_attrs = sub->subsystem_attrs;

	config_group_init_type_name(&sub->subsystem.su_group, config->name, &sub->subsystem_type);
	mutex_init(&sub->subsystem.su_mutex);
	err = configfs_register_subsystem(&sub->subsystem);
	if (err) {
		blkmq_configfs_free(sub);
		return err;
	}
	*out = sub;
	return 0;
}

void blkmq_configfs_unregister(struct blkmq_configfs_subsystem *sub) {
	if (!list_empty(&sub->subsystem.su_group.cg_children))
		pr_err("blkmq: configfs subsystem %s unregistered with groups left: register it last in the module's "
		       "init\n",
		       config_item_name(&sub->subsystem.su_group.cg_item));
	configfs_unregister_subsystem(&sub->subsystem);
	blkmq_configfs_free(sub);
}

void blkmq_configfs_lock(struct config_item *item) { mutex_lock(&subsystem_of(item)->lock); }

void blkmq_configfs_unlock(struct config_item *item) { mutex_unlock(&subsystem_of(item)->lock); }

void *blkmq_configfs_group_data(struct config_item *item) { return to_blkmq_group(item)->data; }

void *blkmq_configfs_subsystem_data(struct config_item *item) { return subsystem_of(item)->config.data; }
